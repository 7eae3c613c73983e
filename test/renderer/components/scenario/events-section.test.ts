import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabApi } from '../../../../renderer/src/api/lab-api';
import { useLabStore } from '../../../../renderer/src/stores/lab-store';
import type { FakeLab } from '../../support/fake-lab-api';
import { installFakeLab } from '../../support/fake-setup';
import { mountEventsEditor } from '../../support/events-editor';

let fake: FakeLab;
let pinia: ReturnType<typeof installFakeLab>['pinia'];

beforeEach(async () => {
  ({ fake, pinia } = installFakeLab());
  await useLabStore().init();
});
afterEach(() => setLabApi(null));

const eventsEditor = () => mountEventsEditor(fake, pinia);

describe('events whose time is not a number (being typed)', () => {
  it('shows no time for them, lists them last and keeps them off the timeline', async () => {
    const w = await eventsEditor();
    // Select the event at 00:05:00 (index 0) and type text into its time.
    await w.find('tr[data-event-row="0"]').trigger('click');
    const input = w.find('input[data-path="events[0].atS"]');
    await input.setValue('5 min');
    await input.trigger('change');
    await flushPromises();

    const rows = w.findAll('tbody tr');
    // Not sorted as if at 0: the event at 00:01:00 stays first, the one without a time goes last.
    expect(rows.map((r) => r.attributes('data-event-row'))).toEqual(['1', '0']);
    expect(rows[1]!.find('td').text()).toBe('—');
    expect(w.find('tbody').text()).not.toContain('00:00:00');
    expect(rows[1]!.classes()).toContain('bad');
    expect(w.find('[data-issue="events[0].atS"]').text()).toMatch(/number/i);
    expect(w.find('button[aria-label="Delete the event with no valid time for db1"]').exists()).toBe(true);
    expect(w.find('fieldset[data-event-form="0"] legend').text()).toBe('Event with no valid time');

    // The timeline has no mark at 0 for it; it is listed beside the track instead.
    expect(w.findAll('.timeline .mark').map((m) => m.attributes('data-event-index'))).toEqual(['1']);
    const unplaced = w.find('[data-testid="events-without-time"]');
    expect(unplaced.text()).toContain('db1');
    expect(unplaced.find('button').attributes('aria-label')).toBe('Event with no valid time, db1: power off');

    // A number again puts it back in its place.
    await input.setValue('30');
    await input.trigger('change');
    await flushPromises();
    expect(w.findAll('tbody tr').map((r) => r.find('td').text())).toEqual(['00:00:30', '00:01:00']);
    expect(w.findAll('.timeline .mark')).toHaveLength(2);
    expect(w.find('[data-testid="events-without-time"]').exists()).toBe(false);
  });

  it('shows an emptied time field as no time, not 00:00:00', async () => {
    const w = await eventsEditor();
    await w.find('tr[data-event-row="1"]').trigger('click');
    const input = w.find('input[data-path="events[1].atS"]');
    await input.setValue('');
    await input.trigger('change');
    await flushPromises();
    expect(w.findAll('tbody tr').map((r) => r.find('td').text())).toEqual(['00:05:00', '—']);
  });
});
