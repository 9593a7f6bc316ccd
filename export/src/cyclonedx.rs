//! CycloneDX 1.6 JSON ML-BOM (<https://cyclonedx.org/docs/1.6/json/>).

use std::{collections::BTreeSet, fmt::Display};

use serde_json::{json, Value};

use crate::{
	grant_state, hex, iso8601, list, millionths, namespace, Dataset, DatasetId, Lineage, Model,
	ModelId,
};

/// The RFC 4122 version 5 UUID of `name` in the URL namespace, as `urn:uuid:…`: any UUID
/// library recomputes it, so the serial number is checkable against the chain.
pub(crate) fn uuid_v5(name: &str) -> String {
	uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes()).urn().to_string()
}

fn property(name: impl Display, value: impl Display) -> Value {
	json!({ "name": format!("provenance:{name}"), "value": value.to_string() })
}

/// A JSON object's fields as properties under `prefix`, lists joined by commas, absent fields
/// left out: how a grant's or an evaluation's full record travels.
fn flatten(prefix: &str, record: Value) -> Vec<Value> {
	let Value::Object(map) = record else { return Vec::new() };
	map.into_iter()
		.filter_map(|(key, value)| {
			let text = match value {
				Value::Null => return None,
				Value::String(s) => s,
				Value::Array(items) => {
					list(items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), Into::into)))
				},
				other => other.to_string(),
			};
			Some(property(format_args!("{prefix}:{key}"), text))
		})
		.collect()
}

/// A URI from the chain as an RFC 3987 IRI reference, which the schema's `url`s must be:
/// bytes no IRI may hold (spaces, controls, `<>"{}|\^` and backquotes, a `%` that starts no
/// escape) are percent-encoded; a valid IRI is left as it is.
fn iri_reference(uri: &str) -> String {
	let bytes = uri.as_bytes();
	let escape = |i: usize, b: u8| match b {
		..=b' ' | 0x7F | b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}' => true,
		b'%' => !bytes
			.get(i..)
			.and_then(|rest| rest.get(1..3))
			.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
		_ => false,
	};
	let mut out = Vec::with_capacity(bytes.len());
	for (i, &b) in bytes.iter().enumerate() {
		if escape(i, b) {
			out.extend_from_slice(format!("%{b:02X}").as_bytes());
		} else {
			out.push(b);
		}
	}
	// Only ASCII was replaced, by ASCII, so the bytes are still UTF-8.
	String::from_utf8(out).unwrap_or_default()
}

fn hashes(hash: &str) -> Value {
	json!([{ "alg": "BLAKE2b-256", "content": hex(hash) }])
}

// A licence by name: the chain's text need not be an id the schema's SPDX list enumerates.
fn licenses(license: &str) -> Value {
	json!([{ "license": { "name": license } }])
}

struct Refs(String);

impl Refs {
	fn model(&self, id: ModelId) -> String {
		format!("{}model-{id}", self.0)
	}
	fn dataset(&self, id: DatasetId) -> String {
		format!("{}dataset-{id}", self.0)
	}
}

fn model(l: &Lineage, refs: &Refs, id: ModelId, m: &Model) -> Value {
	let marks = l.model_marks(id);
	let bad = l.tainted_by(id);
	let run = &m.run;
	let mut properties = vec![
		property("owner", &m.owner),
		property("status", &m.status),
		property("policy", &m.policy),
		property("cardHash", &m.card_hash),
		property("registeredAt", m.created_at),
		property("run:kind", &run.kind),
		property("run:trainer", &run.trainer),
		property("run:purpose", &run.purpose),
		property("run:configHash", &run.config_hash),
		property("run:codeHash", &run.code_hash),
		property("run:block", run.at),
		property("consentBasis", list(&m.consent_basis)),
		property("tainted", marks.tainted),
		property("withdrawn", marks.withdrawn),
		property("disputed", marks.disputed),
	];
	if let Some(provider) = &run.compute_provider {
		properties.push(property("run:computeProvider", provider));
	}
	properties.extend(
		run.parents
			.iter()
			.map(|p| property("run:parent", format_args!("model {} ({})", p.model, p.kind))),
	);
	properties.extend(run.inputs.iter().map(|i| {
		let state = grant_state(l, i.grant);
		property(
			"run:input",
			format_args!("dataset {} as {} under grant {} ({state})", i.dataset, i.role, i.grant),
		)
	}));
	properties.extend(
		bad.iter()
			.map(|g| property("taintedBy", format_args!("grant {g} ({})", grant_state(l, *g)))),
	);

	let datasets: BTreeSet<DatasetId> = run.inputs.iter().map(|i| i.dataset).collect();
	let datasets: Vec<Value> =
		datasets.into_iter().map(|d| json!({ "ref": refs.dataset(d) })).collect();
	let mut card = json!({ "modelParameters": { "datasets": datasets } });
	if id == l.root && !l.evaluations.is_empty() {
		let metrics: Vec<Value> = l
			.evaluations
			.iter()
			.map(|e| json!({ "type": e.metric, "value": millionths(e.value) }))
			.collect();
		set(&mut card, "quantitativeAnalysis", json!({ "performanceMetrics": metrics }));
		let records = l
			.evaluations
			.iter()
			.flat_map(|e| flatten(&format!("evaluation:{}", e.index), json!(e)));
		set(&mut card, "properties", json!(records.collect::<Vec<_>>()));
	}
	if marks.tainted {
		let risks: Vec<Value> = bad
			.iter()
			.map(|g| {
				let grant = l.grants.get(g);
				let reported = l.tainted.iter().find(|t| t.grant == *g);
				let effect = grant.map(|x| &x.on_revoke).or(reported.map(|t| &t.effect));
				let mitigation = match effect.map(String::as_str) {
					Some("StopUse") => "StopUse: the model must no longer be used.",
					Some("NoNewTraining") => {
						"NoNewTraining: the model may be used, but nothing may be trained on it."
					},
					other => other.unwrap_or_default(),
				};
				let on = grant.map(|x| format!(" on dataset {}", x.dataset)).unwrap_or_default();
				json!({
					"name": format!("Training consent revoked: grant {g}{on} ({})", grant_state(l, *g)),
					"mitigationStrategy": mitigation,
				})
			})
			.collect();
		set(&mut card, "considerations", json!({ "ethicalConsiderations": risks }));
	}

	let mut component = json!({
		"type": "machine-learning-model",
		"bom-ref": refs.model(id),
		"name": m.name,
		"version": m.version,
		"supplier": { "name": m.owner },
		"hashes": hashes(&m.weights_hash),
		"licenses": licenses(&m.license),
		"externalReferences": [{ "type": "distribution", "url": iri_reference(&m.uri) }],
		"modelCard": card,
		"properties": properties,
	});
	if !run.parents.is_empty() {
		// Ancestors are copies without a bom-ref (refs are unique in a BOM); `dependencies`
		// links the parents' own components.
		let ancestors: Vec<Value> = run
			.parents
			.iter()
			.map(|p| match l.models.get(&p.model) {
				Some(parent) => json!({
					"type": "machine-learning-model",
					"name": parent.name,
					"version": parent.version,
					"hashes": hashes(&parent.weights_hash),
				}),
				None => {
					json!({ "type": "machine-learning-model", "name": format!("model {}", p.model) })
				},
			})
			.collect();
		let notes = list(run.parents.iter().map(|p| format!("{} of model {}", p.kind, p.model)));
		set(&mut component, "pedigree", json!({ "ancestors": ancestors, "notes": notes }));
	}
	component
}

fn dataset(l: &Lineage, refs: &Refs, id: DatasetId, d: &Dataset) -> Value {
	let marks = l.dataset_marks(id);
	let name = format!("dataset {id}");
	let mut properties = vec![
		property("owner", &d.owner),
		property("tainted", marks.tainted),
		property("disputed", marks.disputed),
	];
	if let Some((parent, kind)) = &d.parent {
		properties.push(property("parent", format_args!("dataset {parent} ({kind})")));
		let under = d.derivation_basis.iter().map(|g| format!("{g} ({})", grant_state(l, *g)));
		properties.push(property("derivedUnder", list(under)));
	}
	// Every consent grant on the dataset, with all its terms.
	for (g, grant) in l.grants.iter().filter(|(_, grant)| grant.dataset == id) {
		properties.push(property(format_args!("grant:{g}:state"), grant_state(l, *g)));
		properties.extend(flatten(&format!("grant:{g}"), json!(grant)));
	}
	json!({
		"type": "data",
		"bom-ref": refs.dataset(id),
		"name": name,
		"supplier": { "name": d.owner },
		"hashes": hashes(&d.content_hash),
		"licenses": licenses(&d.license),
		"data": [{
			"type": "dataset",
			"name": name,
			"contents": { "url": iri_reference(&d.uri) },
			"governance": { "owners": [{ "organization": { "name": d.owner } }] },
		}],
		"properties": properties,
	})
}

/// Adds a field to a `json!({ .. })` object.
fn set(record: &mut Value, key: &str, value: Value) {
	if let Value::Object(map) = record {
		map.insert(key.into(), value);
	}
}

/// The lineage as a CycloneDX 1.6 ML-BOM.
///
/// - The root model is `metadata.component`; the other models are `machine-learning-model`
///   components and the datasets `data` components. Every one carries its registered hash
///   (as BLAKE2b-256), its licence by name and its chain record as `provenance:` properties.
/// - A model card lists the run's datasets; the root's adds its evaluations as performance
///   metrics, and a tainted model's names each revoked grant as an ethical consideration.
/// - A model's parents are its `pedigree.ancestors`; `dependencies` link each model to its
///   parents and datasets, and a derived dataset to its parent.
/// - Consent grants are properties of their dataset (`provenance:grant:<id>:…`), and
///   `metadata.properties` holds the block, the root's consent status and every
///   [`Lineage::warnings`] entry.
pub fn document(lineage: &Lineage) -> Value {
	let at = &lineage.at;
	let ns = namespace(&at.genesis);
	let refs = Refs(ns.clone());

	let mut root = None;
	let mut components = Vec::new();
	let mut dependencies = Vec::new();
	for (id, m) in &lineage.models {
		let component = model(lineage, &refs, *id, m);
		if *id == lineage.root {
			root = Some(component);
		} else {
			components.push(component);
		}
		let parents = m.run.parents.iter().map(|p| refs.model(p.model));
		let inputs = m.run.inputs.iter().map(|i| refs.dataset(i.dataset));
		let on: BTreeSet<String> = parents.chain(inputs).collect();
		dependencies.push(json!({ "ref": refs.model(*id), "dependsOn": on }));
	}
	for (id, d) in &lineage.datasets {
		components.push(dataset(lineage, &refs, *id, d));
		let on: Vec<String> = d.parent.iter().map(|(p, _)| refs.dataset(*p)).collect();
		dependencies.push(json!({ "ref": refs.dataset(*id), "dependsOn": on }));
	}

	let mut properties = vec![
		property("genesis", &at.genesis),
		property("block:number", at.number),
		property("block:hash", &at.hash),
		property("root", format_args!("model {}", lineage.root)),
		property("consent:clean", lineage.clean()),
	];
	properties.extend(lineage.tainted.iter().map(|t| {
		property(
			"consent:taintedBy",
			format_args!("grant {} revoked at block {} ({})", t.grant, t.revoked_at, t.effect),
		)
	}));
	properties.extend(lineage.warnings().iter().map(|w| property("warning", w)));

	let mut metadata = json!({
		"tools": { "components": [{ "type": "application", "name": "provenance-chain", "version": env!("CARGO_PKG_VERSION") }] },
		"properties": properties,
	});
	if let Some(ms) = at.timestamp_ms {
		set(&mut metadata, "timestamp", json!(iso8601(ms)));
	}
	if let Some(root) = root {
		set(&mut metadata, "component", root);
	}
	json!({
		"$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
		"bomFormat": "CycloneDX",
		"specVersion": "1.6",
		"serialNumber": uuid_v5(&format!("{ns}model-{}@{}", lineage.root, at.hash)),
		"version": 1,
		"metadata": metadata,
		"components": components,
		"dependencies": dependencies,
	})
}

#[cfg(test)]
mod tests {
	use serde_json::{json, Value};

	use super::*;
	use crate::tests::{hash, sample};

	fn props<'a>(record: &'a Value, name: &str) -> Vec<&'a str> {
		record["properties"]
			.as_array()
			.unwrap()
			.iter()
			.filter(|p| p["name"] == name)
			.map(|p| p["value"].as_str().unwrap())
			.collect()
	}

	#[test]
	fn uuid_v5_matches_rfc_4122() {
		// Python: uuid.uuid5(uuid.NAMESPACE_URL, name).
		assert_eq!(uuid_v5("http://python.org/"), "urn:uuid:4c565f0d-3f5a-5890-b41b-20cf47701c5e");
		assert_eq!(uuid_v5(""), "urn:uuid:1b4db7eb-4057-5ddf-91e0-36dec72071f5");
		// Two blocks of SHA-1 input.
		assert_eq!(uuid_v5(&"a".repeat(100)), "urn:uuid:864949eb-2508-5b93-a1e7-0fe6ca888495");
	}

	#[test]
	fn urls_become_iri_references() {
		assert_eq!(
			iri_reference("https://models.example/a?b=c#d"),
			"https://models.example/a?b=c#d"
		);
		assert_eq!(
			iri_reference("s3://bucket/my model<1>.bin"),
			"s3://bucket/my%20model%3C1%3E.bin"
		);
		assert_eq!(iri_reference("ipfs://x/%41%zz%4"), "ipfs://x/%41%25zz%254");
		assert_eq!(iri_reference("https://例え.jp/データ"), "https://例え.jp/データ");
	}

	#[test]
	fn cyclonedx_bom_maps_the_lineage() {
		let l = sample();
		let bom = document(&l);
		let ns = namespace(&l.at.genesis);
		let id = |local: &str| format!("{ns}{local}");
		assert_eq!(bom["bomFormat"], json!("CycloneDX"));
		assert_eq!(bom["specVersion"], json!("1.6"));
		assert_eq!(bom["version"], json!(1));
		let serial = bom["serialNumber"].as_str().unwrap();
		assert_eq!(serial, uuid_v5(&format!("{ns}model-2@{}", hash(0xbb))));
		assert_eq!(bom, document(&l), "deterministic");

		let metadata = &bom["metadata"];
		assert_eq!(metadata["timestamp"], json!("2025-11-29T19:30:00Z"));
		assert_eq!(props(metadata, "provenance:block:number"), ["12"]);
		assert_eq!(props(metadata, "provenance:consent:clean"), ["false"]);
		assert_eq!(
			props(metadata, "provenance:consent:taintedBy"),
			["grant 10 revoked at block 9 (StopUse)"]
		);
		assert_eq!(props(metadata, "provenance:warning"), l.warnings());

		let root = &metadata["component"];
		assert_eq!(root["bom-ref"], json!(id("model-2")));
		assert_eq!(root["type"], json!("machine-learning-model"));
		assert_eq!(root["hashes"], json!([{ "alg": "BLAKE2b-256", "content": "07".repeat(32) }]));
		assert_eq!(root["licenses"], json!([{ "license": { "name": "Apache-2.0" } }]));
		assert_eq!(props(root, "provenance:tainted"), ["true"]);
		assert_eq!(
			props(root, "provenance:taintedBy"),
			["grant 10 (REVOKED at block 9 (StopUse))"]
		);
		let card = &root["modelCard"];
		assert_eq!(card["modelParameters"]["datasets"], json!([{ "ref": id("dataset-4") }]));
		assert_eq!(
			card["quantitativeAnalysis"]["performanceMetrics"],
			json!([{ "type": "accuracy", "value": "0.912300" }])
		);
		assert_eq!(props(card, "provenance:evaluation:0:accredited"), ["true"]);
		let risks = &card["considerations"]["ethicalConsiderations"];
		assert!(risks[0]["name"].as_str().unwrap().contains("grant 10 on dataset 1"));
		assert!(risks[0]["mitigationStrategy"].as_str().unwrap().starts_with("StopUse"));
		assert_eq!(root["pedigree"]["ancestors"][0]["name"], json!("tuned"));
		assert_eq!(root["pedigree"]["notes"], json!("Adapter of model 1"));

		let components = bom["components"].as_array().unwrap();
		assert_eq!(components.len(), 6, "two more models and four datasets");
		let refs: Vec<&Value> = components.iter().map(|c| &c["bom-ref"]).collect();
		assert!(!refs.contains(&&json!(id("model-2"))), "the root is only metadata.component");
		let base = components.iter().find(|c| c["bom-ref"] == id("model-0")).unwrap();
		assert!(base.get("pedigree").is_none());
		let data = components.iter().find(|c| c["bom-ref"] == id("dataset-1")).unwrap();
		assert_eq!(data["type"], json!("data"));
		assert_eq!(data["data"][0]["type"], json!("dataset"));
		assert_eq!(data["data"][0]["contents"]["url"], json!("ipfs://bafy"));
		assert_eq!(props(data, "provenance:grant:10:state"), ["REVOKED at block 9 (StopUse)"]);
		assert_eq!(props(data, "provenance:grant:10:termsHash"), [hash(3)]);
		assert_eq!(props(data, "provenance:grant:10:purposes"), ["Training"]);
		assert!(props(data, "provenance:grant:10:noticeVersion").is_empty());
		assert_eq!(props(data, "provenance:grant:12:grantee"), ["carol"]);
		let disputed = components.iter().find(|c| c["bom-ref"] == id("dataset-2")).unwrap();
		assert_eq!(props(disputed, "provenance:disputed"), ["true"]);
		assert_eq!(props(disputed, "provenance:grant:11:datasetDisputed"), ["true"]);

		let deps = bom["dependencies"].as_array().unwrap();
		let on = |r: &str| &deps.iter().find(|d| d["ref"] == id(r)).unwrap()["dependsOn"];
		assert_eq!(on("model-0"), &json!([id("dataset-1"), id("dataset-2")]));
		assert_eq!(on("model-2"), &json!([id("dataset-4"), id("model-1")]));
		assert_eq!(on("dataset-3"), &json!([id("dataset-1")]));
		assert_eq!(on("dataset-1"), &json!([]));
		assert_eq!(deps.len(), 7);
	}

	#[test]
	fn a_reported_taint_outside_the_document_is_kept() {
		let mut l = sample();
		l.tainted.push(crate::TaintedGrant {
			grant: 99,
			revoked_at: 11,
			effect: "NoNewTraining".into(),
		});
		let root = &document(&l)["metadata"]["component"];
		assert_eq!(
			props(root, "provenance:taintedBy"),
			[
				"grant 10 (REVOKED at block 9 (StopUse))",
				"grant 99 (REVOKED at block 11 (NoNewTraining))"
			]
		);
		let risk = &root["modelCard"]["considerations"]["ethicalConsiderations"][1];
		assert_eq!(
			risk["name"],
			json!("Training consent revoked: grant 99 (REVOKED at block 11 (NoNewTraining))")
		);
		assert!(risk["mitigationStrategy"].as_str().unwrap().starts_with("NoNewTraining"));
		let spdx = crate::spdx::document(&l).to_string();
		assert!(spdx.contains("TAINTED: its consent basis holds revoked grants 10, 99"));
	}

	#[test]
	fn cyclonedx_bom_of_a_clean_lineage_has_no_warnings() {
		let mut l = sample();
		l.tainted.clear();
		l.at.timestamp_ms = None;
		for g in l.grants.values_mut() {
			g.revoked_at = None;
		}
		let bom = document(&l);
		assert!(bom["metadata"].get("timestamp").is_none());
		assert_eq!(props(&bom["metadata"], "provenance:consent:clean"), ["true"]);
		let root = &bom["metadata"]["component"];
		assert_eq!(props(root, "provenance:tainted"), ["false"]);
		assert!(root["modelCard"].get("considerations").is_none());
		// Dataset 2 is still disputed, and says so.
		assert_eq!(
			props(&bom["metadata"], "provenance:warning"),
			["dataset 2 is under a governance dispute"]
		);
	}
}
