package org.ebmsim.cli;

import com.google.gson.JsonObject;
import com.google.protobuf.MessageOrBuilder;
import java.util.List;
import java.util.function.Function;

/**
 * What the list and delete subcommands print, the same way for every kind of resource: with
 * {@code --json} one JSON line per item (none for an empty list, so a pipe reads nothing rather
 * than prose), otherwise a table or a sentence.
 */
final class CommandOutput {
  private CommandOutput() {}

  /** {@code items} as JSON lines, as {@code none} when there are none, or as {@code table}'s lines. */
  static <M extends MessageOrBuilder> void list(EbmsimCli cli, List<M> items, String none,
      Function<List<M>, List<String>> table) {
    if (cli.json()) {
      items.forEach(m -> JsonLines.print(cli.out(), m));
    } else if (items.isEmpty()) {
      cli.out().println(none);
    } else {
      table.apply(items).forEach(cli.out()::println);
    }
  }

  /** Says {@code id} was deleted (the delete responses are empty, so the id is what there is to say). */
  static void deleted(EbmsimCli cli, String id) {
    if (cli.json()) {
      JsonObject o = new JsonObject();
      o.addProperty("deleted", id);
      cli.out().println(o);
    } else {
      cli.out().println("deleted " + id);
    }
  }
}
