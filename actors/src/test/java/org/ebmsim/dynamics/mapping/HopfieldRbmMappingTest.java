package org.ebmsim.dynamics.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ebmsim.dynamics.ising.IsingModel;
import org.ebmsim.dynamics.mapping.HopfieldToRbm.MappedRbm;
import org.ebmsim.dynamics.mapping.HopfieldToRbm.Orthogonalization;
import org.ebmsim.dynamics.rbm.RbmEnumeration;
import org.ebmsim.dynamics.rbm.LogSpace;
import org.ebmsim.dynamics.rbm.TestModels;
import org.junit.jupiter.api.Test;

class HopfieldRbmMappingTest {
  static final int N = 16;
  static final int P = 4;
  static final double BETA = 2;

  private static double[] bias(long seed) {
    return TestModels.gaussian(new SplittableRandom(seed), N, 0.2);
  }

  /** log Σ_s e^{−βE(s)}, E = −½ sᵀJs − bᵀs with the diagonal of J kept, over all 2^N states. */
  private static double bruteForceLogZ(double[] j, double[] b, double beta) {
    IsingModel model = IsingModel.of(N, j, b);
    double[] terms = new double[1 << N];
    byte[] s = new byte[N];
    for (int k = 0; k < terms.length; k++) {
      for (int i = 0; i < N; i++) {
        s[i] = (byte) (((k >>> i) & 1) == 1 ? 1 : -1);
      }
      terms[k] = -beta * model.energy(s);
    }
    return LogSpace.logSumExp(terms);
  }

  @Test
  void projectionHopfieldPartitionFunction_equalsZVisibleOfMappedRbm_forEveryOrthogonalization() {
    double[] xi = TestModels.randomPatterns(N, P, 5);
    double[] b = bias(6);
    double[] j = ProjectionHopfield.couplings(xi, N, P);
    double want = bruteForceLogZ(j, b, BETA);
    for (Orthogonalization method : Orthogonalization.values()) {
      MappedRbm mapped = HopfieldToRbm.map(xi, N, P, method, BETA, b);
      RbmEnumeration.LogPartition got = new RbmEnumeration().logPartition(mapped.rbm());
      // relative 1e-9 on Z is absolute 1e-9 on log Z
      assertEquals(want, got.visible(), 1e-9, method + ": log Z_hopfield vs log Z_visible");
      assertEquals(got.visible() - 0.5 * P * Math.log(BETA / (2 * Math.PI)), got.joint(), 1e-12,
          method + ": Z_visible = Z_joint·(β/2π)^{p/2}");
    }
  }

  @Test
  void qrSvdAndRoot_giveTheSameCouplings_andPatternTransformsReproducePatterns() {
    double[] xi = TestModels.randomPatterns(N, P, 7);
    double[] j = ProjectionHopfield.couplings(xi, N, P);
    // J = ξ(ξᵀξ)⁻¹ξᵀ is a projector: J ξ = ξ
    for (int i = 0; i < N; i++) {
      for (int m = 0; m < P; m++) {
        double s = 0;
        for (int k = 0; k < N; k++) {
          s += j[i * N + k] * xi[k * P + m];
        }
        assertEquals(xi[i * P + m], s, 1e-10, "Jξ = ξ at (" + i + "," + m + ")");
      }
    }
    for (Orthogonalization method : Orthogonalization.values()) {
      MappedRbm mapped = HopfieldToRbm.map(xi, N, P, method, BETA, null);
      assertArrayEquals(j, mapped.rbm().couplings(), 1e-10, method + ": WWᵀ vs projection J");
      double[] w = mapped.rbm().weights();
      double[] x = mapped.patternTransform();
      for (int i = 0; i < N; i++) {
        for (int m = 0; m < P; m++) {
          double s = 0;
          for (int k = 0; k < P; k++) {
            s += w[i * P + k] * x[k * P + m];
          }
          assertEquals(xi[i * P + m], s, 1e-10, method + ": ξ = W X* at (" + i + "," + m + ")");
        }
      }
      // WᵀW = I
      for (int a = 0; a < P; a++) {
        for (int c = 0; c < P; c++) {
          double s = 0;
          for (int i = 0; i < N; i++) {
            s += w[i * P + a] * w[i * P + c];
          }
          assertEquals(a == c ? 1 : 0, s, 1e-12, method + ": WᵀW at (" + a + "," + c + ")");
        }
      }
    }
    double[] r = HopfieldToRbm.map(xi, N, P, Orthogonalization.QR, BETA, null).patternTransform();
    for (int a = 0; a < P; a++) {
      assertTrue(r[a * P + a] > 0, "R must have a positive diagonal");
      for (int c = 0; c < a; c++) {
        assertEquals(0, r[a * P + c], 1e-12, "R must be upper triangular");
      }
    }
  }

  @Test
  void reverseMap_fromHopfieldInitialisedRbmWithRStart_recoversPatterns() {
    int n = 40;
    int p = 5;
    double[] xi = TestModels.randomPatterns(n, p, 9);
    MappedRbm mapped = HopfieldToRbm.map(xi, n, p, Orthogonalization.QR, 1, null);
    double[] w = mapped.rbm().weights();
    // a trained RBM drifts away from the exact map: perturb W
    SplittableRandom rng = new SplittableRandom(10);
    for (int k = 0; k < w.length; k++) {
      w[k] += 0.01 * rng.nextGaussian();
    }
    for (boolean lowdin : new boolean[] {false, true}) {
      RbmToHopfield.Result res = RbmToHopfield.reverseMap(w, n, p, new RbmToHopfield.Options(200, 0.05, 200, lowdin,
          RbmToHopfield.Start.GIVEN, mapped.patternTransform(), 0));
      assertArrayEquals(xi, res.patterns(), "patterns recovered in order and sign, lowdin=" + lowdin);
      assertTrue(res.binarizationError() < 0.2 * Math.sqrt(n * p), "binarization error " + res.binarizationError());
      for (int m = 0; m < p; m++) {
        assertTrue(res.fixedPoints()[m], "pattern " + m + " should be a fixed point");
      }
    }
  }

  @Test
  void reverseMap_descentLowersRelaxedError_fromIdentityStart() {
    // W = ξ D with positive column scales: X₀ = I already has the right signs; descent must reduce the error
    int n = 30;
    int p = 3;
    double[] xi = TestModels.randomPatterns(n, p, 12);
    double[] w = xi.clone();
    for (int k = 0; k < w.length; k++) {
      w[k] *= 0.3 + 0.2 * (k % p);
    }
    RbmToHopfield.Result start = RbmToHopfield.reverseMap(w, n, p,
        new RbmToHopfield.Options(20, 0.01, 0, false, RbmToHopfield.Start.IDENTITY, null, 0));
    RbmToHopfield.Result end = RbmToHopfield.reverseMap(w, n, p,
        new RbmToHopfield.Options(20, 0.01, 300, false, RbmToHopfield.Start.IDENTITY, null, 0));
    assertArrayEquals(xi, end.patterns());
    assertTrue(end.relaxedError() < 0.01 * start.relaxedError(),
        "relaxed error " + start.relaxedError() + " -> " + end.relaxedError());
    assertTrue(end.binarizationError() < 0.1, "binarization error " + end.binarizationError());
  }

  @Test
  void fixedPointTest_rejectsANonStoredState() {
    double[] xi = TestModels.randomPatterns(N, P, 13);
    double[] j = ProjectionHopfield.couplings(xi, N, P);
    double[] s = new double[N];
    for (int i = 0; i < N; i++) {
      s[i] = xi[i * P] + xi[i * P + 1] + xi[i * P + 2] >= 0 ? 1 : -1; // a mixture state
    }
    double[] first = new double[N];
    for (int i = 0; i < N; i++) {
      first[i] = xi[i * P];
    }
    assertTrue(ProjectionHopfield.isFixedPoint(j, N, first));
    double[] flipped = first.clone();
    flipped[0] = -flipped[0];
    flipped[1] = -flipped[1];
    flipped[2] = -flipped[2];
    assertFalse(ProjectionHopfield.isFixedPoint(j, N, flipped), "a pattern with 3 flipped bits is not a fixed point");
  }

  @Test
  void badPatterns_areRejected() {
    double[] xi = TestModels.randomPatterns(N, P, 14);
    double[] zero = xi.clone();
    zero[3] = 0;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HopfieldToRbm.map(zero, N, P, Orthogonalization.QR, 1, null));
    assertTrue(e.getMessage().contains("patterns[0][3]") && e.getMessage().contains("+1 or -1"), e.getMessage());
    double[] dependent = xi.clone();
    for (int i = 0; i < N; i++) {
      dependent[i * P + 1] = -dependent[i * P]; // pattern 1 = −pattern 0
    }
    for (Orthogonalization m : Orthogonalization.values()) {
      e = assertThrows(IllegalArgumentException.class, () -> HopfieldToRbm.map(dependent, N, P, m, 1, null));
      assertTrue(e.getMessage().contains("linearly independent"), m + ": " + e.getMessage());
    }
    e = assertThrows(IllegalArgumentException.class,
        () -> HopfieldToRbm.map(new double[16], 4, 4, Orthogonalization.QR, 1, null));
    assertThrows(IllegalArgumentException.class, () -> HopfieldToRbm.map(xi, N, P, Orthogonalization.QR, 0, null));
    e = assertThrows(IllegalArgumentException.class,
        () -> new RbmToHopfield.Options(0, 0.1, 10, false, RbmToHopfield.Start.IDENTITY, null, 0));
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
  }
}
