// Reading containerlab startup configs (SR OS MD-CLI flat, SR Linux `set /`) into the YANG
// instance tree the renderers produce: a walk down the schema, typed as JSON_IETF, with
// errors that name file and line.
import { describe, expect, it } from '@jest/globals';
import { parseStartupConfig, StartupConfigError, tokenize } from '../../../adapters/yang/startup-config.js';
import type { PlatformSchema, SchemaEntry } from '../../../adapters/yang/schema-index.js';

const t = (name: string, extra: object = {}) => ({ name, enums: [], members: [], ...extra });
const entry = (kind: SchemaEntry['kind'], o: Partial<SchemaEntry> = {}): SchemaEntry => ({ kind, keys: [], ...o });

/** A small hand-made slice of nokia-conf, enough to exercise every kind of node. */
const sros: PlatformSchema = {
  platform: 'sros',
  tops: { configure: 'nokia-conf' },
  identities: new Map(),
  index: new Map<string, SchemaEntry>([
    ['/configure', entry('container', { module: 'nokia-conf' })],
    ['/configure/router', entry('list', { keys: ['router-name'] })],
    ['/configure/router/router-name', entry('leaf', { type: t('string') })],
    ['/configure/router/autonomous-system', entry('leaf', { type: t('uint32') })],
    ['/configure/router/interface', entry('list', { keys: ['interface-name'] })],
    ['/configure/router/interface/interface-name', entry('leaf', { type: t('string') })],
    ['/configure/router/interface/ipv6', entry('container')],
    ['/configure/router/interface/ipv4', entry('container')],
    ['/configure/router/interface/ipv4/primary', entry('container')],
    ['/configure/router/interface/ipv4/primary/address', entry('leaf', { type: t('string') })],
    ['/configure/router/interface/ipv4/primary/prefix-length', entry('leaf', { type: t('uint32') })],
    ['/configure/router/isis', entry('list', { keys: ['isis-instance'] })],
    ['/configure/router/isis/isis-instance', entry('leaf', { type: t('int32') })],
    ['/configure/router/isis/area-address', entry('leaf-list', { type: t('string') })],
    ['/configure/router/isis/interface', entry('list', { keys: ['interface-name'] })],
    ['/configure/router/isis/interface/interface-name', entry('leaf', { type: t('string') })],
    ['/configure/router/isis/interface/passive', entry('leaf', { type: t('boolean') })],
    ['/configure/router/isis/loopfree-alternate', entry('leaf', { type: t('empty') })],
    ['/configure/router/isis/level-capability', entry('leaf', { type: t('union', { members: [t('uint8'), t('enumeration', { enums: ['1/2'] })] }) })],
  ]),
};

const srl: PlatformSchema = {
  platform: 'srlinux',
  tops: { interface: 'srl_nokia-interfaces', 'network-instance': 'srl_nokia-network-instance' },
  identities: new Map([
    ['default', [{ module: 'ietf-origin', bases: ['origin'] }, { module: 'srl_nokia-network-instance', bases: ['ni-type'] }]],
    ['routed', [{ module: 'srl_nokia-interfaces', bases: ['si-type'] }]],
  ]),
  index: new Map<string, SchemaEntry>([
    ['/interface', entry('list', { keys: ['name'], module: 'srl_nokia-interfaces' })],
    ['/interface/name', entry('leaf', { type: t('string') })],
    ['/interface/admin-state', entry('leaf', { type: t('enumeration', { enums: ['enable', 'disable'] }) })],
    ['/interface/vlan-tagging', entry('leaf', { type: t('boolean'), module: 'srl_nokia-interfaces-vlans' })],
    ['/interface/subinterface', entry('list', { keys: ['index'] })],
    ['/interface/subinterface/index', entry('leaf', { type: t('uint32') })],
    ['/interface/subinterface/type', entry('leaf', { type: t('identityref', { base: 'si-type' }) })],
    ['/network-instance', entry('list', { keys: ['name'], module: 'srl_nokia-network-instance' })],
    ['/network-instance/name', entry('leaf', { type: t('string') })],
    ['/network-instance/type', entry('leaf', { type: t('identityref', { base: 'ni-type' }) })],
  ]),
};

describe('startup-config tokens', () => {
  it('splits quoted strings (with escapes), brackets and bare words', () => {
    expect(tokenize('/configure router "Base" description "a \\"b\\" c" area-address [49.0001 49.0002]', 'f:1').map((x) => x.text)).toEqual([
      '/configure', 'router', 'Base', 'description', 'a "b" c', 'area-address', '[', '49.0001', '49.0002', ']',
    ]);
    expect(() => tokenize('/configure system name "pe1', 'f:3')).toThrow('f:3: unterminated quoted string');
  });
});

describe('SR OS MD-CLI flat startup config', () => {
  it('builds the nokia-conf tree: lists by key, typed leaves, leaf-lists, empty leaves, several leaves per line', () => {
    const doc = parseStartupConfig(
      'sros',
      [
        '# comment',
        '/configure router "Base" autonomous-system 65000',
        '/configure router "Base" interface "system" ipv4 primary address 10.0.0.1',
        '/configure router "Base" interface "system" ipv4 primary prefix-length 32',
        '/configure router "Base" interface "core" ipv6',
        '/configure router "Base" isis 0 area-address [49.0001 49.0002] level-capability 2',
        '/configure router "Base" isis 0 area-address 49.0003 loopfree-alternate',
        '/configure router "Base" isis 0 interface "system" passive true',
      ].join('\n'),
      sros,
    );
    expect(doc).toEqual({
      'nokia-conf:configure': {
        router: [
          {
            'router-name': 'Base',
            'autonomous-system': 65000,
            interface: [
              { 'interface-name': 'system', ipv4: { primary: { address: '10.0.0.1', 'prefix-length': 32 } } },
              { 'interface-name': 'core', ipv6: {} },
            ],
            isis: [{ 'isis-instance': 0, 'area-address': ['49.0001', '49.0002', '49.0003'], 'level-capability': 2, 'loopfree-alternate': [null], interface: [{ 'interface-name': 'system', passive: true }] }],
          },
        ],
      },
    });
  });

  it('names file and line for an unknown name, a missing value and a line that is not /configure', () => {
    expect(() => parseStartupConfig('sros', '/configure router "Base" bogus 1', sros, 'pe1.partial.cfg')).toThrow(
      new StartupConfigError('pe1.partial.cfg:1: unknown name "bogus" at /configure/router'),
    );
    expect(() => parseStartupConfig('sros', '\n/configure router "Base" autonomous-system', sros, 'x.cfg')).toThrow('x.cfg:2: the value of /configure/router/autonomous-system is missing');
    expect(() => parseStartupConfig('sros', '/configure router', sros, 'x.cfg')).toThrow('x.cfg:1: key router-name of /configure/router is missing');
    expect(() => parseStartupConfig('sros', 'configure router "Base"', sros, 'x.cfg')).toThrow('x.cfg:1: an SR OS startup line starts with /configure');
    expect(() => parseStartupConfig('sros', '/configure router "Base" isis 0 area-address [49.0001', sros, 'x.cfg')).toThrow('x.cfg:1: "[" of /configure/router/isis/area-address is not closed');
  });
});

describe('SR Linux set / startup config', () => {
  it('qualifies members where the module changes and identities by their base', () => {
    const doc = parseStartupConfig(
      'srlinux',
      [
        'set / interface ethernet-1/1 admin-state enable',
        'set / interface ethernet-1/1 vlan-tagging true',
        'set / interface ethernet-1/1 subinterface 0 type routed',
        'set / network-instance default type default',
      ].join('\n'),
      srl,
    );
    expect(doc).toEqual({
      'srl_nokia-interfaces:interface': [
        { name: 'ethernet-1/1', 'admin-state': 'enable', 'srl_nokia-interfaces-vlans:vlan-tagging': true, subinterface: [{ index: 0, type: 'srl_nokia-interfaces:routed' }] },
      ],
      'srl_nokia-network-instance:network-instance': [{ name: 'default', type: 'srl_nokia-network-instance:default' }],
    });
  });

  it('refuses an unknown top-level node and a line that is not set /, naming file and line', () => {
    expect(() => parseStartupConfig('srlinux', 'set / system name host-name x', srl, 'leaf1.cli')).toThrow('leaf1.cli:1: unknown name "system" at /; known: interface, network-instance');
    expect(() => parseStartupConfig('srlinux', 'set interface x', srl, 'leaf1.cli')).toThrow('leaf1.cli:1: an SR Linux startup line starts with "set /"');
    expect(() => parseStartupConfig('srlinux', 'set / interface e1 mtu 9000', srl, 'leaf1.cli')).toThrow('leaf1.cli:1: unknown name "mtu" at /interface');
  });
});
