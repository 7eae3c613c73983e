import { describe, expect, it } from 'vitest';
import { sessionFileFromArgv } from '../../../electron/main/session-file-args';

describe('sessionFileFromArgv', () => {
  it('finds the session file argument and resolves it against the working directory', () => {
    expect(sessionFileFromArgv(['/opt/app/balloon-lab', 'labs/a.balloonlab'], '/home/me')).toBe(
      '/home/me/labs/a.balloonlab',
    );
    expect(
      sessionFileFromArgv(['/opt/app/balloon-lab', '--no-sandbox', '/data/B.BalloonLab'], '/home/me'),
    ).toBe('/data/B.BalloonLab');
    expect(sessionFileFromArgv(['/opt/app/balloon-lab', 'file:///data/my%20lab.balloonlab'], '/')).toBe(
      '/data/my lab.balloonlab',
    );
  });
  it('ignores the executable, switches and other files', () => {
    expect(sessionFileFromArgv(['/opt/x.balloonlab'], '/')).toBeNull();
    expect(sessionFileFromArgv(['electron', '.', '--inspect=x.balloonlab', 'notes.txt'], '/')).toBeNull();
    expect(sessionFileFromArgv(['electron', 'file://host/share/x.balloonlab'], '/')).toBeNull();
  });
});
