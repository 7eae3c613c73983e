// An engine process that grows one array past V8's largest backing store once asked anything:
// V8 aborts with "Fatal JavaScript invalid size error", which no heap bound or try/catch stops.
process.on('message', () => {
  const cells = [];
  for (;;) cells.push(1);
});
process.send({ kind: 'ready' });
