import { createApp } from 'vue';
import { createPinia } from 'pinia';
import AppShell from './app-shell.vue';

createApp(AppShell).use(createPinia()).mount('#app');
