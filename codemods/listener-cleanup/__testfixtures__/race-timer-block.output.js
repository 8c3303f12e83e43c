async function withDeadline(work, ms) {
  let timer;
  return Promise.race([
    work,
    new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

module.exports = { withDeadline };
