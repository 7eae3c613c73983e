import type { ValidationSource } from './validation-types';

// The publications of docs/model.md#sources that the validation experiments quote.

export const waldspurger2002: ValidationSource = {
  short: 'Waldspurger 2002',
  title: 'Carl A. Waldspurger, "Memory Resource Management in VMware ESX Server", OSDI \'02, 2002',
  url: 'https://www.vmware.com/techpapers/2006/memory-resource-management-in-vmware-esx-server-531.html',
};

export const vsphereResourceManagement: ValidationSource = {
  short: 'vSphere Resource Management',
  title: 'VMware vSphere Resource Management guide (advanced memory attributes, memory states)',
  url: 'https://docs.vmware.com/en/VMware-vSphere/index.html',
};

export const vmwBalloonDriver: ValidationSource = {
  short: 'Linux vmw_balloon.c',
  title: 'Linux drivers/misc/vmw_balloon.c (before the 4.20 rewrite)',
  url: 'https://github.com/torvalds/linux/blob/master/drivers/misc/vmw_balloon.c',
};

export const ovirtMom: ValidationSource = {
  short: 'oVirt MOM balloon.rules',
  title: 'oVirt Memory Overcommitment Manager, doc/balloon.rules and doc/mom-balloon.conf',
  url: 'https://github.com/oVirt/mom/blob/master/doc/balloon.rules',
};

export const hypervDynamicMemory: ValidationSource = {
  short: 'Hyper-V Dynamic Memory',
  title: 'Microsoft Hyper-V Dynamic Memory overview and Set-VMMemory (-Buffer)',
  url: 'https://learn.microsoft.com/powershell/module/hyper-v/set-vmmemory',
};

export const xenSqueezed: ValidationSource = {
  short: 'Xen squeezed',
  title: "xapi-project squeezed, the Xen toolstack's ballooning daemon: design and architecture",
  url: 'https://github.com/xapi-project/squeezed',
};
