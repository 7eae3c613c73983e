/** A parser of one trace format: fed the lines of one file in order, then told it has ended. */
export interface TraceParser {
  /** One line without its line break; `lineNo` is 1-based. */
  line(text: string, lineNo: number): void;
  /** The file has ended (after its last line). */
  end(): void;
}
