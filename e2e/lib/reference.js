// docs/reference.md, rendered from the runtime's own metadata: every call of iot-chain's pallets
// with its index and argument types, every constant with its value, every error and event with
// its documentation. e2e/tools/reference.js writes it; the e2e suite checks it is current.

/** The pallets the reference describes, in this order. */
export const REFERENCE_PALLETS = ['DeviceRegistry', 'FirmwareAttestation', 'DataAnchoring', 'ValidatorSet'];

const PREAMBLE = `# Reference: calls, constants, errors and events

Generated from the runtime's metadata by \`node e2e/tools/reference.js\` (against a dev node);
\`scripts/test.sh\` fails when this file differs from what the runtime under test says. The prose
of each item is the rustdoc of the pallet, so it changes with the code. For the meaning of
everything together, read [device-integration.md](device-integration.md) (device makers),
[tpm.md](tpm.md) and [operations.md](operations.md).

## Without polkadot-js

- **Genesis hash** (part of every device signature):
  \`curl -s -H 'Content-Type: application/json' -d '{"id":1,"jsonrpc":"2.0","method":"chain_getBlockHash","params":[0]}' http://127.0.0.1:9944\`
  → \`{"result":"0x…"}\` (32 bytes).
- **An SS58 address → the 32-byte account id** (what \`iotc:register\` signs as \`owner\`): base58
  decode (Bitcoin alphabet) to 35 bytes = \`prefix\` (1 byte: 42) ‖ \`account\` (32 bytes) ‖
  \`checksum\` (2 bytes), where \`checksum\` = the first 2 bytes of BLAKE2b-512(\`"SS58PRE"\` ‖ prefix ‖
  account). \`iot-node key inspect <address>\` prints the account id ("Public key (hex)").
- **A call's encoding**: \`pallet index\` (1 byte) ‖ \`call index\` (1 byte) ‖ the arguments'
  SCALE encodings in order (below, "index" is that 2-byte prefix). A signed extrinsic wraps it
  with the signer, signature and extensions (any Substrate client library builds it).
- **SCALE** in brief: fixed-size integers little-endian; \`Vec<T>\` and \`BoundedVec<T, _>\` = compact
  length ‖ items; \`Option<T>\` = \`0x00\` or \`0x01\` ‖ T; an enum = variant index (1 byte) ‖ fields;
  \`[u8; N]\`, \`H256\` = the bytes as they are; \`AccountId32\` = 32 bytes.
`;

const clean = (text) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
const docsOf = (meta) => clean(meta.docs.map((line) => line.toString()).join(' '));

// An error's docs are its cause, then a paragraph starting "Fix:" (written once, in the pallet's
// `Error` enum): every error must say how a caller fixes it.
function errorDocs(error, name) {
  const lines = error.docs.map((line) => line.toString().trim());
  const at = lines.findIndex((line) => line.startsWith('Fix:'));
  if (at < 0) throw new Error(`${name} has no "Fix:" paragraph in its docs`);
  return {
    meaning: clean(lines.slice(0, at).join(' ')),
    fix: clean(lines.slice(at).join(' ').replace(/^Fix: */, '')),
  };
}

/** The Rust type name of a field or argument as the metadata names it. */
function typeName(api, field) {
  const name = field.typeName.isSome ? field.typeName.unwrap().toString() : '';
  return clean(name || api.registry.lookup.getTypeDef(field.type).type);
}

/** A constant's value: numbers as decimals (deposits also in IOTC), the rest as JSON. */
function constantValue(api, value, name) {
  const json = value.toJSON();
  if (typeof json === 'number' || typeof json === 'bigint' || /^\d+$/.test(String(json))) {
    const raw = BigInt(value.toString());
    if (/Deposit$/.test(name)) {
      const decimals = api.registry.chainDecimals[0];
      const whole = Number(raw) / 10 ** decimals;
      return `${raw} (${whole} ${api.registry.chainTokens[0]})`;
    }
    return raw.toString();
  }
  return `\`${clean(JSON.stringify(json))}\``;
}

/** docs/reference.md for the chain behind `api`. */
export function renderReference(api) {
  const metadata = api.runtimeMetadata.asLatest;
  const lookup = api.registry.lookup;
  const out = [PREAMBLE];
  for (const name of REFERENCE_PALLETS) {
    const pallet = metadata.pallets.find((p) => p.name.toString() === name);
    if (!pallet) throw new Error(`pallet ${name} is not in the metadata`);
    const index = pallet.index.toNumber();
    const section = name[0].toLowerCase() + name.slice(1);
    out.push(`\n## ${name} (pallet index ${index}, \`api.tx.${section}\`)`);

    if (pallet.calls.isSome) {
      out.push('\n### Calls\n\n| index | call | arguments | what it does |\n|---|---|---|---|');
      const variants = lookup.getSiType(pallet.calls.unwrap().type).def.asVariant.variants;
      for (const call of variants) {
        const prefix = `0x${index.toString(16).padStart(2, '0')}${call.index.toNumber().toString(16).padStart(2, '0')}`;
        const args = call.fields.map((f) => `${f.name.unwrap()}: \`${typeName(api, f)}\``).join(', ');
        out.push(`| \`${prefix}\` | \`${call.name}\` | ${args || '—'} | ${docsOf(call)} |`);
      }
    }

    if (pallet.constants.length) {
      out.push('\n### Constants\n\n| constant | type | value | meaning |\n|---|---|---|---|');
      for (const constant of pallet.constants) {
        const type = lookup.getTypeDef(constant.type).type;
        const value = api.consts[section][constant.name.toString()[0].toLowerCase() + constant.name.toString().slice(1)];
        out.push(`| \`${constant.name}\` | \`${clean(type)}\` | ${constantValue(api, value, constant.name.toString())} | ${docsOf(constant)} |`);
      }
    }

    if (pallet.errors.isSome) {
      out.push('\n### Errors\n\n| index | error | meaning | fix |\n|---|---|---|---|');
      for (const error of lookup.getSiType(pallet.errors.unwrap().type).def.asVariant.variants) {
        const { meaning, fix } = errorDocs(error, `${section}.${error.name}`);
        out.push(`| ${error.index} | \`${section}.${error.name}\` | ${meaning} | ${fix} |`);
      }
    }

    if (pallet.events.isSome) {
      out.push('\n### Events\n\n| event | fields | meaning |\n|---|---|---|');
      for (const event of lookup.getSiType(pallet.events.unwrap().type).def.asVariant.variants) {
        const fields = event.fields.map((f) => `${f.name.unwrap()}: \`${typeName(api, f)}\``).join(', ');
        out.push(`| \`${event.name}\` | ${fields || '—'} | ${docsOf(event)} |`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
