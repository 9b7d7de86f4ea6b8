/**
 * Jest's own order (slowest first, by the timings it cached; by file size on a
 * clean clone, which has no cache), except that the suites known to take
 * minutes start first: on a clean clone the sustained-load suite (a warm-up of
 * 3,000 searches, then 60 s of load) would otherwise start last and run alone.
 */
const Sequencer = require('@jest/test-sequencer').default;

const SLOW_FIRST = ['sustained-load.test.ts', 'explore.test.ts', 'qdrant-cluster.test.ts', 'bad-sources.test.ts', 'corpus.test.ts'];

const rank = (test) => {
  const at = SLOW_FIRST.findIndex((name) => test.path.endsWith(`/${name}`));
  return at < 0 ? SLOW_FIRST.length : at;
};

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    return [...ordered].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirstSequencer;
