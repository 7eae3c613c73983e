import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { setLabApi } from '../../../renderer/src/api/lab-api';
import { FakeLab } from './fake-lab-api';

/** A fresh fake lab behind labApi and a fresh active Pinia, for one test. */
export function installFakeLab(): { fake: FakeLab; pinia: Pinia } {
  const fake = new FakeLab();
  setLabApi(fake.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  return { fake, pinia };
}
