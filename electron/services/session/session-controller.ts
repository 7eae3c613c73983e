import type { RecordedIntervention } from '../../../core/scenario/event-schema';
import type { SessionMeta } from '../../../core/lab-api/lab-api-contract';
import type { Scenario } from '../../../core/scenario/scenario-schema';
import { sessionSchemaId, type SessionDocument } from '../../../core/session/session-schema';

interface SavedMark {
  tick: number;
  interventions: number;
  scenarioVersion: number;
  uiStateJson: string;
}

/**
 * The session as the user sees it: scenario, recorded interventions, current tick, name,
 * location and UI state. Nothing here depends on the worker: after a crash, this is what
 * the engine is replayed from. Dirty = differs from what was last saved or opened.
 */
export class SessionController {
  private scenarioValue: Scenario;
  private interventionList: RecordedIntervention[] = [];
  private scenarioVersion = 0;
  /** Bumped on every change of the intervention list (a count alone could repeat). */
  private interventionsRevision = 0;
  private saved: SavedMark;
  private lastMeta = '';
  tick = 0;
  name: string;
  location: string | null = null;
  uiState: Record<string, unknown> = {};

  constructor(scenario: Scenario) {
    this.scenarioValue = scenario;
    this.name = scenario.name;
    this.saved = this.mark();
  }

  get scenario(): Scenario {
    return this.scenarioValue;
  }

  get interventions(): readonly RecordedIntervention[] {
    return this.interventionList;
  }

  get dirty(): boolean {
    const m = this.mark();
    return (
      m.tick !== this.saved.tick ||
      m.interventions !== this.saved.interventions ||
      m.scenarioVersion !== this.saved.scenarioVersion ||
      m.uiStateJson !== this.saved.uiStateJson
    );
  }

  /**
   * Equal for two moments between which nothing a session document holds changed (the engine is
   * deterministic: the same scenario, interventions and tick give the same state and trace).
   */
  revision(): string {
    return JSON.stringify({ ...this.mark(), name: this.name });
  }

  meta(): SessionMeta {
    return { name: this.name, location: this.location, dirty: this.dirty };
  }

  /** True once per change of name, location or dirty flag (for sessionChanged events). */
  metaChanged(): boolean {
    const key = JSON.stringify(this.meta());
    if (key === this.lastMeta) return false;
    this.lastMeta = key;
    return true;
  }

  /** A fresh, unsaved session. */
  startNew(scenario: Scenario): void {
    this.scenarioValue = scenario;
    this.interventionList = [];
    this.tick = 0;
    this.name = scenario.name;
    this.location = null;
    this.uiState = {};
    this.scenarioVersion++;
    this.saved = this.mark();
  }

  /** A session opened from a file (location) or recovered (location null, unsaved). */
  startFromDocument(doc: SessionDocument, location: string | null): void {
    this.scenarioValue = doc.scenario;
    this.interventionList = [...doc.interventions];
    this.tick = doc.tick;
    this.name = doc.name;
    this.location = location;
    this.uiState = { ...doc.uiState };
    this.scenarioVersion++;
    this.saved = location === null ? { ...this.mark(), scenarioVersion: -1 } : this.mark();
  }

  /** Replaces the scenario before the run started (tick 0). */
  replaceScenario(scenario: Scenario): void {
    this.scenarioValue = scenario;
    this.interventionList = [];
    this.scenarioVersion++;
  }

  /** Back to tick 0: the interventions belonged to the run and go with it. */
  resetRun(): void {
    if (this.interventionList.length > 0) this.interventionsRevision++;
    this.interventionList = [];
    this.tick = 0;
  }

  /** The run goes on from `tick` as a branch, keeping its first `kept` interventions. */
  branchAt(tick: number, kept: number): void {
    if (kept < this.interventionList.length) {
      this.interventionList = this.interventionList.slice(0, kept);
      this.interventionsRevision++;
    }
    this.tick = tick;
  }

  record(entry: RecordedIntervention): void {
    this.interventionList.push(entry);
    this.interventionsRevision++;
  }

  markSaved(location: string, name: string, uiState: Record<string, unknown>): void {
    this.location = location;
    this.name = name;
    this.uiState = uiState;
    this.saved = this.mark();
  }

  document(options: {
    savedIso: string;
    appVersion: string;
    engineVersion: string;
    stateDigest: string;
  }): SessionDocument {
    return {
      schema: sessionSchemaId,
      savedIso: options.savedIso,
      app: { version: options.appVersion, engineVersion: options.engineVersion },
      name: this.name.slice(0, 200),
      scenario: this.scenarioValue,
      interventions: [...this.interventionList],
      tick: this.tick,
      stateDigest: options.stateDigest,
      uiState: this.uiState,
    };
  }

  private mark(): SavedMark {
    return {
      tick: this.tick,
      interventions: this.interventionsRevision,
      scenarioVersion: this.scenarioVersion,
      uiStateJson: JSON.stringify(this.uiState),
    };
  }
}
