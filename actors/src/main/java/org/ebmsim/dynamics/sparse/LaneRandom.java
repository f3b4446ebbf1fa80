package org.ebmsim.dynamics.sparse;

/**
 * The random words of the multi-spin kernel, addressed by (seed, word, sweep, site, draw) instead
 * of drawn from a stream: bit c of draw t at site i of sweep s in word w belongs to global chain
 * 64·w + c alone, so a chain's bits never depend on how many draws the other lanes of its word
 * needed, nor on which chains a batch holds (a batch owning part of a word computes the same
 * words and keeps its lanes). Mixing is the SplitMix64 finaliser (Stafford's variant 13, as in
 * {@link java.util.SplittableRandom}); the site key XORs the site into the (word, sweep) key
 * before mixing, so no two (word, sweep) pairs share a run of site keys (an added counter would
 * let two keys that happen to lie close replay each other's sites).
 */
final class LaneRandom {
  private LaneRandom() {}

  static final long GAMMA = 0x9e3779b97f4a7c15L;
  /** A second odd constant (Weyl increment of the site index), unrelated to {@link #GAMMA}. */
  static final long SITE_GAMMA = 0xd1b54a32d192ed03L;
  /** Separates these keys from the per-chain streams other kernels derive from the same seed. */
  private static final long SALT = 0x6d5c_3a1f_0b7e_94c3L;

  /** The SplitMix64 finaliser. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The key of global word {@code word} (chains 64·word .. 64·word+63) at sweep {@code sweep}. */
  static long wordKey(long seed, long word, long sweep) {
    long k = mix64(seed + SALT);
    k = mix64(k + (word + 1) * GAMMA);
    return mix64(k + (sweep + 1) * GAMMA);
  }

  /** The key of site {@code site} under a word key. */
  static long siteKey(long wordKey, int site) {
    return mix64(wordKey ^ (site + 1L) * SITE_GAMMA);
  }

  /** Draw t (0-based) of a site: bit c is the (t+1)-th binary digit of lane c's uniform. */
  static long draw(long siteKey, int t) {
    return mix64(siteKey + (t + 1L) * GAMMA);
  }
}
