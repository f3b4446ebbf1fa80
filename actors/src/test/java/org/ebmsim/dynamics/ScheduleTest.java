package org.ebmsim.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Annealing schedules: endpoints, spacing, sweep-to-step mapping, and rejections. */
class ScheduleTest {
  @Test
  void linear_hitsBothEndpoints_withEqualSteps() {
    Schedule s = Schedule.linear(5.0, 1.0, 5, 3);
    assertEquals(5, s.steps());
    assertEquals(5.0, s.temperature(0), 0.0);
    assertEquals(1.0, s.temperature(4), 0.0);
    for (int k = 0; k < 4; k++) {
      assertEquals(-1.0, s.temperature(k + 1) - s.temperature(k), 1e-12, "step " + k);
    }
  }

  @Test
  void geometric_hitsBothEndpoints_withConstantRatio() {
    Schedule s = Schedule.geometric(5.0, 0.05, 21, 10);
    assertEquals(5.0, s.temperature(0), 0.0);
    assertEquals(0.05, s.temperature(20), 1e-15);
    double ratio = Math.pow(0.01, 1.0 / 20);
    for (int k = 0; k < 20; k++) {
      assertEquals(ratio, s.temperature(k + 1) / s.temperature(k), 1e-12, "step " + k);
    }
  }

  @Test
  void stepOfSweep_holdsEachTemperatureForItsSweeps_andStaysAtTheLastStep() {
    Schedule s = Schedule.explicit(new double[] {3, 2, 1}, 4);
    assertEquals(12, s.totalSweeps());
    int[] expected = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
    for (int sweep = 0; sweep < 12; sweep++) {
      assertEquals(expected[sweep], s.stepOfSweep(sweep), "sweep " + sweep);
      assertEquals(3 - expected[sweep], s.temperatureOfSweep(sweep), 0.0, "sweep " + sweep);
    }
    assertEquals(2, s.stepOfSweep(1_000_000_000_000L), "past the end: the last temperature");
    assertThrows(IllegalArgumentException.class, () -> s.stepOfSweep(-1));
  }

  @Test
  void constant_andSingleStep_useTheStartTemperature() {
    assertEquals(0.7, Schedule.constant(0.7, 5).temperatureOfSweep(4), 0.0);
    assertEquals(2.0, Schedule.linear(2.0, 1.0, 1, 1).temperature(0), 0.0);
    assertEquals(2.0, Schedule.geometric(2.0, 1.0, 1, 1).temperature(0), 0.0);
  }

  @Test
  void schedules_nonPositiveNaNOrEmpty_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> Schedule.linear(1.0, 0.0, 3, 1), "T = 0 at the end");
    assertThrows(IllegalArgumentException.class, () -> Schedule.linear(1.0, -1.0, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> Schedule.linear(Double.NaN, 1.0, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> Schedule.geometric(1.0, 0.0, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> Schedule.geometric(Double.NaN, 1.0, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> Schedule.geometric(1.0, Double.POSITIVE_INFINITY, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> Schedule.explicit(new double[0], 1));
    assertThrows(IllegalArgumentException.class, () -> Schedule.explicit(new double[] {1, Double.NaN}, 1));
    assertThrows(IllegalArgumentException.class, () -> Schedule.constant(0.0, 1));
    assertThrows(IllegalArgumentException.class, () -> Schedule.linear(2.0, 1.0, 0, 1), "no steps");
    assertThrows(IllegalArgumentException.class, () -> Schedule.linear(2.0, 1.0, 3, 0), "no sweeps per step");
  }

  @Test
  void explicit_copiesItsArray() {
    double[] t = {3, 2};
    Schedule s = Schedule.explicit(t, 1);
    t[0] = 99;
    assertEquals(3, s.temperature(0), 0.0);
  }
}
