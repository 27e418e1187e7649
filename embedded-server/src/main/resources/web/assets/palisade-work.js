/*
 * palisade-work.js: the proof-of-work Web Worker of palisade.js. No build step, no dependencies.
 *
 * - receives one message {seed, bits, count};
 * - for each puzzle i in 0..count-1 finds the smallest decimal counter c >= 0 such that
 *   SHA-256(ASCII(seed + ":" + i + ":" + c)) starts with `bits` zero bits (MSB of byte 0 first);
 * - posts back {counters: [c0, c1, ...], hashes: total hashes computed, ms: elapsed time}.
 *
 * SHA-256 is hand-written rather than crypto.subtle: subtle.digest costs a promise round trip per
 * hash, which is orders of magnitude slower than a tight synchronous loop for tiny inputs.
 * The loop is shaped for that input: the prefix "seed:i:" never changes for a puzzle, so its full
 * 64-byte blocks are hashed once (midstate) and the rounds that only read prefix words are run
 * once too; the counter is incremented as ASCII digits in place and only the message words it
 * touches are rebuilt, so the hot loop allocates nothing.
 */
(function () {
  'use strict';

  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var IV = new Int32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  ]);

  // All working memory is allocated once; the hot loop only reads and writes these arrays.
  var W = new Int32Array(64);      // message schedule of the block being compressed
  var msg = new Int32Array(32);    // the (at most two) tail blocks as big-endian words
  var buf = new Uint8Array(128);   // the same tail blocks as bytes: prefix rest, digits, padding
  var chain = new Int32Array(8);   // chaining value before the tail (IV or the prefix midstate)
  var early = new Int32Array(8);   // working variables after the rounds that read prefix words only
  var mid = new Int32Array(8);     // output of the first tail block when the tail needs two
  var out = new Int32Array(8);     // final hash

  // Ch and Maj use the forms with fewest operations: g ^ (e & (f ^ g)), (a & b) | (c & (a | b)).
  // Runs rounds [from, 64) of one block whose 16 words start at msg[off], starting from the
  // working variables s, and adds the chaining value base: out = compress(base, block).
  function compress(off, s, base, from, dst) {
    var t, x, y;
    for (t = 0; t < 16; t++) W[t] = msg[off + t];
    for (t = 16; t < 64; t++) {
      x = W[t - 15];
      y = W[t - 2];
      W[t] = ((((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
              (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) +
              W[t - 7] + W[t - 16]) | 0;
    }
    var a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
    // Single rounds up to a multiple of 8, then 8 rounds per pass with the a..h roles renamed
    // instead of shifted: no 8 moves per round, about 15-20% faster in V8.
    for (t = from; t & 7; t++) {
      x = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + K[t] + W[t]) | 0;
      y = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b)))) | 0;
      h = g; g = f; f = e; e = (d + x) | 0;
      d = c; c = b; b = a; a = (x + y) | 0;
    }
    for (; t < 64; t += 8) {
      x = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + K[t] + W[t]) | 0;
      d = (d + x) | 0;
      h = (x + (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b)))) | 0;
      x = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + K[t + 1] + W[t + 1]) | 0;
      c = (c + x) | 0;
      g = (x + (((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) | (b & (h | a)))) | 0;
      x = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + K[t + 2] + W[t + 2]) | 0;
      b = (b + x) | 0;
      f = (x + (((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) | (a & (g | h)))) | 0;
      x = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + K[t + 3] + W[t + 3]) | 0;
      a = (a + x) | 0;
      e = (x + (((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) | (h & (f | g)))) | 0;
      x = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + K[t + 4] + W[t + 4]) | 0;
      h = (h + x) | 0;
      d = (x + (((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) | (g & (e | f)))) | 0;
      x = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + K[t + 5] + W[t + 5]) | 0;
      g = (g + x) | 0;
      c = (x + (((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) | (f & (d | e)))) | 0;
      x = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + K[t + 6] + W[t + 6]) | 0;
      f = (f + x) | 0;
      b = (x + (((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) | (e & (c | d)))) | 0;
      x = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + K[t + 7] + W[t + 7]) | 0;
      e = (e + x) | 0;
      a = (x + (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) | (d & (b | c)))) | 0;
    }
    dst[0] = (a + base[0]) | 0; dst[1] = (b + base[1]) | 0; dst[2] = (c + base[2]) | 0; dst[3] = (d + base[3]) | 0;
    dst[4] = (e + base[4]) | 0; dst[5] = (f + base[5]) | 0; dst[6] = (g + base[6]) | 0; dst[7] = (h + base[7]) | 0;
  }

  // Runs only rounds [0, n) of the block at msg[off] from the working variables s, into s.
  function partialRounds(off, s, n) {
    var a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7], t, x, y;
    for (t = 0; t < n; t++) {
      x = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
           (g ^ (e & (f ^ g))) + K[t] + msg[off + t]) | 0;
      y = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
           ((a & b) | (c & (a | b)))) | 0;
      h = g; g = f; f = e; e = (d + x) | 0;
      d = c; c = b; b = a; a = (x + y) | 0;
    }
    s[0] = a; s[1] = b; s[2] = c; s[3] = d; s[4] = e; s[5] = f; s[6] = g; s[7] = h;
  }

  function word(k) {
    var p = k << 2;
    msg[k] = (buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
  }

  // Solves one puzzle; returns [counter, hashes].
  function solve(prefix, bits) {
    var total = prefix.length, full = total >> 6, r = total & 63, i, k;
    // Midstate: hash the prefix's whole 64-byte blocks once (only for very long seeds).
    chain.set(IV);
    for (k = 0; k < full; k++) {
      for (i = 0; i < 64; i++) buf[i] = prefix.charCodeAt((k << 6) + i);
      for (i = 0; i < 16; i++) word(i);
      compress(0, chain, chain, 0, chain);
    }
    var fixed = r >> 2;             // tail words made of prefix bytes only
    var nd = 1, blocks = 0, end = 0, counter = 0, hashes = 0;
    var mask = bits >= 32 ? -1 : ~(-1 >>> bits); // the top `bits` bits of H0 must be zero

    // (Re)lays out the tail for nd digits: prefix rest, digits, 0x80, zeros, bit length.
    function layout(digit0) {
      buf.fill(0);
      for (i = 0; i < r; i++) buf[i] = prefix.charCodeAt((full << 6) + i);
      buf[r] = digit0;
      for (i = 1; i < nd; i++) buf[r + i] = 48;
      end = r + nd;
      buf[end] = 0x80;
      blocks = end + 9 > 64 ? 2 : 1;
      var bitLen = (total + nd) * 8;  // < 2^32 for any sane seed
      var last = (blocks << 6) - 4;
      buf[last] = bitLen >>> 24; buf[last + 1] = bitLen >>> 16; buf[last + 2] = bitLen >>> 8; buf[last + 3] = bitLen;
      for (i = 0; i < (blocks << 4); i++) word(i);
      early.set(chain);
      partialRounds(0, early, fixed);
    }
    layout(48);

    for (;;) {
      hashes++;
      if (blocks === 1) {
        compress(0, early, chain, fixed, out);
      } else {
        compress(0, early, chain, fixed, mid);
        compress(16, mid, mid, 0, out);
      }
      if ((out[0] & mask) === 0) return [counter, hashes];
      counter++;
      // Increment the ASCII digits in place; rebuild only the words that changed.
      for (k = end - 1; k >= r && buf[k] === 57; k--) buf[k] = 48;
      if (k < r) {
        nd++;
        layout(49);                 // 99..9 -> 100..0: one more digit, padding moves
      } else {
        buf[k]++;
        for (i = k >> 2; i <= (end - 1) >> 2; i++) word(i);
      }
    }
  }

  self.onmessage = function (event) {
    var started = Date.now();
    var job = event.data || {};
    var seed = String(job.seed);
    var bits = Math.max(0, Math.min(32, job.bits | 0));
    var count = Math.max(1, Math.min(64, job.count | 0));
    var counters = [], hashes = 0, i, res;
    for (i = 0; i < count; i++) {
      res = solve(seed + ':' + i + ':', bits);
      counters.push(res[0]);
      hashes += res[1];
    }
    self.postMessage({ counters: counters, hashes: hashes, ms: Date.now() - started });
  };
})();
