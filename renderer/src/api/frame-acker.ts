/**
 * Returns frame credits once the browser had a chance to paint, so the Node side never
 * pushes frames faster than this window renders them (credit-based backpressure). A
 * timer backs up requestAnimationFrame, which stops in hidden windows.
 */
export class FrameAcker {
  private owed = 0;
  private scheduled = false;

  constructor(
    private readonly send: (credits: number) => Promise<unknown>,
    private readonly fallbackMs = 250,
    private readonly retryMs = 1000,
  ) {}

  /** Records one handled frame. */
  handled(): void {
    this.owed++;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = () => this.flush();
    if (typeof globalThis.requestAnimationFrame === 'function') globalThis.requestAnimationFrame(flush);
    setTimeout(flush, this.fallbackMs);
  }

  private flush(): void {
    if (!this.scheduled) return;
    this.scheduled = false;
    while (this.owed > 0) {
      // The contract caps one ack at 64 credits.
      const credits = Math.min(64, this.owed);
      this.owed -= credits;
      this.send(credits).catch(() => {
        // A lost ack must not stall the stream forever: owe the credits and retry.
        this.owed += credits;
        setTimeout(() => this.schedule(), this.retryMs);
      });
    }
  }
}
