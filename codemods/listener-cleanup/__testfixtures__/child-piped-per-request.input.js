const { spawn } = require('child_process');

function streamVideo(req, res) {
  const ffmpeg = spawn('ffmpeg', ['-ss', String(req.query.seek || 0), '-i', req.params.file, '-f', 'mp4', 'pipe:1']);
  res.writeHead(200, { 'Content-Type': 'video/mp4' });
  ffmpeg.stdout.pipe(res);
  ffmpeg.stderr.on('data', (data) => console.log(String(data)));
}

module.exports = { streamVideo };
