package org.ebmsim.dynamics.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChiSquareTest {
  @Test
  void upperTail_matchesTabulatedQuantiles() {
    // standard table values: P(χ²_1 > 3.841) = 0.05, P(χ²_10 > 18.307) = 0.05, P(χ²_30 > 50.892) = 0.01
    assertEquals(0.05, ChiSquare.upperTail(3.841459, 1), 1e-6);
    assertEquals(0.05, ChiSquare.upperTail(18.307038, 10), 1e-6);
    assertEquals(0.01, ChiSquare.upperTail(50.892181, 30), 1e-6);
    assertEquals(Math.exp(-2.5), ChiSquare.upperTail(5, 2), 1e-12); // df=2 is exponential
  }
}
