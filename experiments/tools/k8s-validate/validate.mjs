// Validates every document of the given multi-document YAML files against the Kubernetes object schema of
// kubernetes-models: prints one line per document, exits 1 when any is invalid, 2 on unusable input.
// Usage: node validate.mjs FILE.yaml...
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as batch from "kubernetes-models/batch/v1";

const models = { "v1": core, "batch/v1": batch };
let invalid = 0;
for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length > 0) {
      console.error(`${file}: document ${i}: not valid YAML: ${doc.errors[0].message}`);
      process.exit(2);
    }
    const object = doc.toJS();
    const Model = models[object.apiVersion]?.[object.kind];
    if (!Model) {
      console.error(`${file}: document ${i}: no model for ${object.apiVersion} ${object.kind}`);
      process.exit(2);
    }
    try {
      new Model(object).validate();
      console.log(`valid ${object.apiVersion} ${object.kind} ${object.metadata?.name} (${file} document ${i})`);
    } catch (e) {
      invalid++;
      console.log(`invalid ${object.apiVersion} ${object.kind} ${object.metadata?.name} (${file} document ${i}): ${e.message}`);
    }
  }
}
process.exit(invalid > 0 ? 1 : 0);
