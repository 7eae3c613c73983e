import { contextBridge, ipcRenderer } from 'electron';
import { labIpcBridgeKey } from '../../core/lab-api/lab-ipc-bridge';
import { createLabIpcBridge } from './ipc-bridge';

// Only stable Electron API: the bridge copies the object into the page's world, and every reply
// is an envelope of plain data, so error codes and issue lists arrive intact.
contextBridge.exposeInMainWorld(labIpcBridgeKey, createLabIpcBridge(ipcRenderer));
