async function withDeadline(work, ms) {
  return Promise.race([
    work,
    new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]);
}

module.exports = { withDeadline };
