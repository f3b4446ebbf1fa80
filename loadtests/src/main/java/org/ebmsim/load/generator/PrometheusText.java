package org.ebmsim.load.generator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One scrape of a Prometheus text endpoint, and the sums of its series by metric name. */
final class PrometheusText {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String text;

  PrometheusText(String text) {
    this.text = text;
  }

  /** Scrapes {@code http://hostPort/metrics}. */
  static PrometheusText scrape(String hostPort) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("metrics endpoint " + hostPort + " answered " + r.statusCode());
    }
    return new PrometheusText(r.body());
  }

  /** Sum of every series of {@code name} (all label sets), or NaN if there is none. */
  double sum(String name) {
    double total = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      int end = name.length();
      if (line.length() == end || (line.charAt(end) != ' ' && line.charAt(end) != '{')) {
        continue; // another metric whose name starts with this one
      }
      int value = line.charAt(end) == '{' ? line.indexOf("} ", end) + 2 : end + 1;
      String v = line.substring(value).trim();
      int space = v.indexOf(' '); // an optional timestamp follows the value
      total += Double.parseDouble(space < 0 ? v : v.substring(0, space));
      found = true;
    }
    return found ? total : Double.NaN;
  }
}
