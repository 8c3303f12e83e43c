const { fork } = require('child_process')

module.exports = function render (template, data, callback) {
  const renderer = fork(require.resolve('./render-child'))
  renderer.once('message', function (html) {
    callback(null, html)
  })
  renderer.send({ template, data })
}
