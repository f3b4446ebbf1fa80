package org.ebmsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.ebmsim.proto.v1.Dynamics;
import org.ebmsim.proto.v1.SamplePolicy;
import org.ebmsim.proto.v1.Schedule;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class OptionParsingTest {

  @Test
  void schedule_linearGeometricList_parsed() {
    Schedule linear = ScheduleOption.parse("linear:2:0.5:4");
    Schedule geometric = ScheduleOption.parse("geometric:10:1e-1:20");
    Schedule list = ScheduleOption.parse("list:3,2,1.5");

    assertEquals(2.0, linear.getLinear().getTStart());
    assertEquals(0.5, linear.getLinear().getTEnd());
    assertEquals(4, linear.getLinear().getSteps());
    assertEquals(0.1, geometric.getGeometric().getTEnd());
    assertEquals(List.of(3.0, 2.0, 1.5), list.getExplicit().getTemperaturesList());
  }

  @Test
  void schedule_invalidForms_rejectedSayingWhy() {
    assertMessage("unknown schedule kind \"cosine\"", () -> ScheduleOption.parse("cosine:1:2:3"));
    assertMessage("needs three fields", () -> ScheduleOption.parse("linear:1:2"));
    assertMessage("must be finite and > 0, got 0", () -> ScheduleOption.parse("geometric:0:1:3"));
    assertMessage("\"x\" is not a whole number of steps", () -> ScheduleOption.parse("linear:1:2:x"));
    assertMessage("\"\" is not a temperature", () -> ScheduleOption.parse("list:1,,2"));
  }

  @Test
  void samples_noneEveryBest_parsed_andBadFormsRejected() {
    assertEquals(SamplePolicy.Mode.NONE, SamplePolicyOption.parse("none").getMode());
    assertEquals(SamplePolicy.Mode.BEST_ONLY, SamplePolicyOption.parse("BEST").getMode());
    SamplePolicy every = SamplePolicyOption.parse("every:25");
    assertEquals(SamplePolicy.Mode.EVERY, every.getMode());
    assertEquals(25, every.getEverySweeps());

    assertMessage("K must be ≥ 1", () -> SamplePolicyOption.parse("every:0"));
    assertMessage("unknown policy", () -> SamplePolicyOption.parse("all"));
  }

  @Test
  void imageShape_heightByWidth() {
    assertEquals(28, ImageShapeOption.parse("28x14").getHeight());
    assertEquals(14, ImageShapeOption.parse("28X14").getWidth());
    assertMessage("use HxW", () -> ImageShapeOption.parse("28"));
    assertMessage("≥ 1", () -> ImageShapeOption.parse("0x3"));
  }

  @Test
  void duration_unitsBareSecondsAndIso() {
    assertEquals(Duration.ofMillis(500), DurationOption.parse("500ms"));
    assertEquals(Duration.ofSeconds(30), DurationOption.parse("30s"));
    assertEquals(Duration.ofSeconds(90), DurationOption.parse("1.5m"));
    assertEquals(Duration.ofSeconds(2), DurationOption.parse("2"));
    assertEquals(Duration.ofMinutes(1), DurationOption.parse("PT1M"));
    assertMessage("use e.g. 500ms", () -> DurationOption.parse("soon"));
    assertMessage("must be > 0", () -> DurationOption.parse("0s"));
  }

  @Test
  void enums_lowerCaseWords() {
    assertEquals(Dynamics.METROPOLIS, new ProtoEnumOptions.DynamicsConverter().convert("Metropolis"));
    assertEquals(Dynamics.METROPOLIS_MULTISPIN,
        new ProtoEnumOptions.DynamicsConverter().convert("metropolis-multispin"));
    assertMessage("use gibbs, metropolis or metropolis-multispin",
        () -> new ProtoEnumOptions.DynamicsConverter().convert("wolff"));
  }

  @Test
  void cueValuesAndKnownIndices_parsed() {
    assertArrayEquals(new int[] {1, -1, 0, 1}, CompleteCommand.parseValues("1,-1, 0 +1"));
    assertArrayEquals(new boolean[] {true, true, false, true, false}, CompleteCommand.parseKnown("0-1,3", 5));
    assertThrows(IllegalArgumentException.class, () -> CompleteCommand.parseValues("1,2"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompleteCommand.parseKnown("3-7", 5));
    assertTrue(e.getMessage().contains("within 0..4"), e.getMessage());
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable parse) {
    TypeConversionException e = assertThrows(TypeConversionException.class, parse);
    assertTrue(e.getMessage().contains(part), "message was: " + e.getMessage());
  }
}
