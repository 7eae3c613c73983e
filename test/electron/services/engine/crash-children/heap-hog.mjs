// An engine process that fills its JavaScript heap once asked anything: V8 ends it with
// "FATAL ERROR: ... JavaScript heap out of memory" at the heap bound it was started with.
process.on('message', () => {
  const hoard = [];
  for (;;) hoard.push({ filler: new Array(1024).fill(hoard.length) });
});
process.send({ kind: 'ready' });
