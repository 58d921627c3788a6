// The fixed copy of the SR Linux models: boolean comparisons on must/when lines read the
// leaf's value; everything else stays as Nokia wrote it.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedModels, identityNames, rewriteMustLine, rewriteYang } from '../../adapters/yang/fixed-models.js';

const rw = (line: string, selfIsLeaf = true) => rewriteMustLine(line, { selfIsLeaf });

describe('rewriteMustLine: booleans', () => {
  it.each([
    // the README's example and the vlan-tagging rule
    [`must ". = false() or ../loopback-mode = 'facility'" {`, `must "not(. = 'true') or ../loopback-mode = 'facility'" {`],
    [`must '(../../../../vlan-tagging = true())' {`, `must '(../../../../vlan-tagging = "true")' {`],
    [`must "(true() = ../vlan-tagging) or (. = 'TPID_0X8100')" {`, `must "(../vlan-tagging = 'true') or (. = 'TPID_0X8100')" {`],
    [`must 'not(true() = ../../vlan-tagging or false() = ../../vlan-tagging)' {`, `must 'not(../../vlan-tagging = "true" or not(../../vlan-tagging = "true"))' {`],
    [`must '(../resolve != true())' {`, `must '(not(../resolve = "true"))' {`],
    [`must '../x != false()' {`, `must '../x = "true"' {`],
    [`must 'boolean(../../../../../dynamic-label-block) or (. != true())' {`, `must 'boolean(../../../../../dynamic-label-block) or (not(. = "true"))' {`],
    [`must "current() = false() or string(../traffic-type) = 'all' " {`, `must "not(current() = 'true') or string(../traffic-type) = 'all' " {`],
    [`must 'not(../anycast-gw) or ../anycast-gw = false()' {`, `must 'not(../anycast-gw) or not(../anycast-gw = "true")' {`],
    // a path with predicates, and a parenthesised path
    [
      `must '/srl_nokia-if:interface[srl_nokia-if:name=current()/../../../interface-ref/interface]/srl_nokia-if-vlans:vlan-tagging = true()' {`,
      `must '/srl_nokia-if:interface[srl_nokia-if:name=current()/../../../interface-ref/interface]/srl_nokia-if-vlans:vlan-tagging = "true"' {`,
    ],
    [`must '((/a:b/a:c[a:name = current()]/a:shared) = true())' {`, `must '((/a:b/a:c[a:name = current()]/a:shared) = "true")' {`],
    [`when "../send = true() and ../x = 'y'";`, `when "../send = 'true' and ../x = 'y'";`],
  ])('%s', (line, want) => expect(rw(line)).toBe(want));

  it.each([
    // already a boolean on both sides
    `must 'boolean(../keychain) = false()' {`,
    // a list entry: existence is what is asked
    `must '/srl_nokia-if:interface[srl_nokia-if:name=current()]/srl_nokia-if:transceiver/optical-channel[index=1] = true()' {`,
    // not a must/when statement
    `description "x = true()";`,
    `must "../type = 'routed'" {`,
  ])('leaves %s alone', (line) => expect(rw(line)).toBe(line));

  it('leaves `.` alone on a presence container', () => {
    const line = `must 'not(. = true() and ../ecmp-balance = true())' {`;
    expect(rw(line, false)).toBe(`must 'not(. = true() and ../ecmp-balance = "true")' {`);
  });

  it('knows from the file which statement a must sits in, and reads multi-line statements', () => {
    const yang = [
      'container ecmp-hashing {',
      '  presence "x";',
      "  must 'not(. = true())' {",
      '  }',
      '  leaf rebalance {',
      '    type boolean;',
      "    must '. = false()';",
      '    must "(. = \'x\') or',
      "      (../afi-safi[afi-safi-name='evpn']/admin-state = 'enable') or",
      "      ../type != 'bridged'\";",
      "    must '../type != \"bridged\"';",
      '  }',
      '}',
    ].join('\n');
    const out = rewriteYang(yang, new Set(['evpn', 'bridged'])).split('\n');
    expect(out[2]).toBe("  must 'not(. = true())' {");
    expect(out[6]).toBe(`    must 'not(. = "true")';`);
    expect(out[7]).toBe('    must "(. = \'x\') or');
    expect(out[8]).toBe("      (../afi-safi[(substring(concat(':', afi-safi-name), string-length(afi-safi-name) - 3) = ':evpn')]/admin-state = 'enable') or");
    expect(out[9]).toBe("      not(../type = 'bridged' or substring-after(../type, ':') = 'bridged')\";");
    expect(out[10]).toBe(`    must 'not(../type = "bridged" or substring-after(../type, ":") = "bridged")';`);
  });
});

describe('rewriteMustLine: identities and absent leaves', () => {
  const identities = new Set(['bridged', 'local-mirror-dest']);
  it.each([
    [
      `must "(. = 'disable' or (../../type != 'bridged' and ../../type != 'local-mirror-dest'))" {`,
      `must "(. = 'disable' or (not(../../type = 'bridged' or substring-after(../../type, ':') = 'bridged') and ` +
        `not(../../type = 'local-mirror-dest' or substring-after(../../type, ':') = 'local-mirror-dest')))" {`,
    ],
    [`must "../../srl_nokia-netinst:type != 'srl_nokia-netinst:host'" {`, `must "not(../../srl_nokia-netinst:type = 'srl_nokia-netinst:host')" {`],
    [`must "../name != 'mgmt'" {`, `must "not(../name = 'mgmt')" {`],
  ])('%s', (line, want) => expect(rewriteMustLine(line, { identities })).toBe(want));

  it.each([
    `must "string(../traffic-type) != ''" {`,
    `must "count(../x) != 1" {`,
    `must "../mtu != 1500" {`,
    `must "../type = 'routed'" {`,
    `must "starts-with(../name, 'bridged')" {`,
  ])('leaves %s alone', (line) => expect(rewriteMustLine(line, { identities })).toBe(line));

  it('finds the identities a model defines', () => {
    const yang = 'module a {\n  identity bridged;\n  identity routed {\n    base si-type;\n  }\n  leaf identity-x { type string; }\n}';
    expect([...identityNames([yang])].sort()).toEqual(['bridged', 'routed']);
  });
});

describe('fixedModels', () => {
  it('copies the tree once, rewritten, and leaves the originals alone', () => {
    const source = mkdtempSync(join(tmpdir(), 'netintent-models-'));
    mkdirSync(join(source, 'm'));
    const original = "module m {\n  leaf a {\n    type boolean;\n    must '. = true()';\n  }\n}\n";
    writeFileSync(join(source, 'm', 'm.yang'), original);
    writeFileSync(join(source, 'LICENSE'), 'keep me');
    const before = process.env.NETINTENT_CACHE;
    process.env.NETINTENT_CACHE = mkdtempSync(join(tmpdir(), 'netintent-cache-'));
    try {
      const copy = fixedModels(source, { name: 'test-models' });
      expect(copy).toMatch(/[/\\]yang[/\\]test-models-fixed-[0-9a-f]{12}$/);
      expect(readFileSync(join(copy, 'm', 'm.yang'), 'utf8')).toContain(`must '. = "true"';`);
      expect(readFileSync(join(copy, 'LICENSE'), 'utf8')).toBe('keep me');
      expect(readFileSync(join(source, 'm', 'm.yang'), 'utf8')).toBe(original);
      const built = statSync(join(copy, 'm', 'm.yang')).mtimeMs;
      expect(fixedModels(source, { name: 'test-models' })).toBe(copy);
      expect(statSync(join(copy, 'm', 'm.yang')).mtimeMs).toBe(built);
      // another original, another copy
      writeFileSync(join(source, 'LICENSE'), 'changed');
      const next = fixedModels(`${source}/`, { name: 'test-models' });
      expect(next).not.toBe(copy);
      expect(existsSync(next) && existsSync(copy)).toBe(true);
    } finally {
      if (before === undefined) delete process.env.NETINTENT_CACHE;
      else process.env.NETINTENT_CACHE = before;
    }
  });
});
