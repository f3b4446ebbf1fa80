package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.ebmsim.proto.v1.AnnealEvent;
import org.ebmsim.proto.v1.AnnealProgress;
import org.ebmsim.proto.v1.EnergyStats;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  @Test
  void format_progressEvent_oneLineCamelCaseInt64AsStringDefaultsPresent() {
    AnnealEvent e = AnnealEvent.newBuilder()
        .setProgress(AnnealProgress.newBuilder()
            .setSweep(12)
            .setTotalSweeps(100)
            .setEnergy(EnergyStats.newBuilder().setMin(-3).setMean(-2.5).setMax(-1))
            .setFlipRate(0.25))
        .build();

    String line = JsonLines.format(e);

    assertFalse(line.contains("\n"), line);
    JsonObject progress = JsonParser.parseString(line).getAsJsonObject().getAsJsonObject("progress");
    assertEquals("12", progress.get("sweep").getAsString());
    assertTrue(progress.get("sweep").getAsJsonPrimitive().isString(), line);
    assertEquals(-2.5, progress.getAsJsonObject("energy").get("mean").getAsDouble());
    assertEquals(0.25, progress.get("flipRate").getAsDouble());
    // Zero-valued fields are printed too, so every event of a kind has the same keys.
    assertEquals(0, progress.get("step").getAsInt());
    assertTrue(progress.getAsJsonArray("samples").isEmpty());
    assertFalse(JsonParser.parseString(line).getAsJsonObject().has("result"), line);
  }
}
