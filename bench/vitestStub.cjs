// See outsideVitest.cjs: what the test helpers ask of vitest, outside it.
exports.inject = () => {
  throw new Error('not running under vitest')
}
