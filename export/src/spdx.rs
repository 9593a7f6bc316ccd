//! SPDX 3.0.1 JSON-LD (<https://spdx.github.io/spdx-spec/v3.0.1/>) with the AI and Dataset
//! profiles.

use std::{collections::BTreeSet, fmt::Display};

use serde_json::{json, Map, Value};

use crate::{
	grant_state, hex, iri_segment, iso8601, list, millionths, namespace, GrantId, Lineage,
};

pub const CONTEXT: &str = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";
const CREATION_INFO: &str = "_:creationinfo";

/// The `@graph` under construction: every element shares the one `CreationInfo`.
struct Graph {
	ns: String,
	elements: Vec<Value>,
	agents: BTreeSet<String>,
	licenses: BTreeSet<String>,
	relationships: usize,
}

impl Graph {
	fn iri(&self, local: impl Display) -> String {
		format!("{}{local}", self.ns)
	}

	fn agent_iri(&self, account: &str) -> String {
		self.iri(format_args!("account-{}", iri_segment(account)))
	}

	fn license_iri(&self, expression: &str) -> String {
		self.iri(format_args!("license-{}", iri_segment(expression)))
	}

	/// An agent's IRI; its element is added at the end.
	fn agent(&mut self, account: &str) -> String {
		self.agents.insert(account.into());
		self.agent_iri(account)
	}

	/// A licence expression's IRI; its element is added at the end.
	fn license(&mut self, expression: &str) -> String {
		self.licenses.insert(expression.into());
		self.license_iri(expression)
	}

	/// Adds an element; `props` is always a `json!({ .. })` object.
	fn add(&mut self, kind: &str, iri: &str, props: Value) {
		let mut map = match props {
			Value::Object(map) => map,
			_ => Map::new(),
		};
		map.insert("type".into(), json!(kind));
		map.insert("spdxId".into(), json!(iri));
		map.insert("creationInfo".into(), json!(CREATION_INFO));
		self.elements.push(Value::Object(map));
	}

	fn relate(&mut self, from: &str, kind: &str, to: &str, comment: Option<String>) {
		self.relationships = self.relationships.saturating_add(1);
		let iri = self.iri(format_args!("relationship-{}", self.relationships));
		let mut props = json!({ "from": from, "relationshipType": kind, "to": [to] });
		if let (Some(comment), Value::Object(map)) = (comment, &mut props) {
			map.insert("comment".into(), json!(comment));
		}
		self.add("Relationship", &iri, props);
	}
}

fn hash(value: &str) -> Value {
	json!({ "type": "Hash", "algorithm": "blake2b256", "hashValue": hex(value) })
}

fn set(element: &mut Value, key: &str, value: Value) {
	if let Value::Object(map) = element {
		map.insert(key.into(), value);
	}
}

/// The lineage as an SPDX 3.0.1 document.
///
/// - Models are `ai_AIPackage`s and datasets `dataset_DatasetPackage`s, each verified by its
///   registered hash, supplied by its owner and with its declared licence as a
///   `simplelicensing_LicenseExpression`.
/// - A model `descendantOf` each parent and is `trainedOn` or `testedOn` each input dataset;
///   a derived dataset is a `descendantOf` its parent. Each such relationship's comment names
///   the consent grant it rests on and whether that grant still stands.
/// - Each consent grant is an `Annotation` of its dataset whose statement is the grant's terms
///   as JSON; each evaluation of the root is a review `Annotation` of it, and its metrics are
///   the root's `ai_metric`s.
/// - The `SpdxDocument`'s comment carries [`Lineage::warnings`]: every tainted, withdrawn or
///   disputed element and revoked grant is also marked in its own comment.
pub fn document(lineage: &Lineage) -> Value {
	let at = &lineage.at;
	let mut g = Graph {
		ns: namespace(&at.genesis),
		elements: Vec::new(),
		agents: BTreeSet::new(),
		licenses: BTreeSet::new(),
		relationships: 0,
	};
	let model_iri = |g: &Graph, id| g.iri(format_args!("model-{id}"));
	let dataset_iri = |g: &Graph, id| g.iri(format_args!("dataset-{id}"));
	let revoked = lineage.revoked_grants();

	for (id, m) in &lineage.models {
		let iri = model_iri(&g, *id);
		let marks = lineage.model_marks(*id);
		let mut notes = vec![
			format!(
				"Model {id}: status {}, derivative policy {}, registered at block {}",
				m.status, m.policy, m.created_at
			),
			format!("model card hash {}", m.card_hash),
			format!("consent basis: grants {}", list(&m.consent_basis)),
		];
		if marks.tainted {
			let bad = lineage.tainted_by(*id);
			notes.push(format!("TAINTED: its consent basis holds revoked grants {}", list(bad)));
		}
		if marks.withdrawn {
			notes.push("WITHDRAWN".into());
		}
		if marks.disputed {
			notes.push("DISPUTED: under a governance dispute".into());
		}
		let run = &m.run;
		let mut training = vec![format!(
			"{} run by {} recorded at block {} for {}; config hash {}, code hash {}",
			run.kind, run.trainer, run.at, run.purpose, run.config_hash, run.code_hash
		)];
		if let Some(provider) = &run.compute_provider {
			training.push(format!("compute provider {provider}"));
		}
		let supplier = g.agent(&m.owner);
		let trainer = g.agent(&run.trainer);
		let mut element = json!({
			"name": m.name,
			"software_packageVersion": m.version,
			"software_downloadLocation": m.uri,
			"software_primaryPurpose": "model",
			"suppliedBy": supplier,
			"originatedBy": [trainer],
			"verifiedUsing": [hash(&m.weights_hash)],
			"ai_informationAboutTraining": training.join("; "),
			"comment": notes.join("; "),
		});
		if *id == lineage.root && !lineage.evaluations.is_empty() {
			let metrics: Vec<Value> = lineage
				.evaluations
				.iter()
				.map(
					|e| json!({ "type": "DictionaryEntry", "key": e.metric, "value": millionths(e.value) }),
				)
				.collect();
			set(&mut element, "ai_metric", json!(metrics));
		}
		g.add("ai_AIPackage", &iri, element);
		let license = g.license(&m.license);
		g.relate(&iri, "hasDeclaredLicense", &license, None);
		for parent in &run.parents {
			let to = model_iri(&g, parent.model);
			g.relate(
				&iri,
				"descendantOf",
				&to,
				Some(format!("{} of model {}", parent.kind, parent.model)),
			);
		}
		for input in &run.inputs {
			let kind = match input.role.as_str() {
				"Train" => "trainedOn",
				"Validation" | "Test" => "testedOn",
				_ => "other",
			};
			let comment = format!(
				"{} data, used under consent grant {} ({})",
				input.role,
				input.grant,
				grant_state(lineage, input.grant)
			);
			let to = dataset_iri(&g, input.dataset);
			g.relate(&iri, kind, &to, Some(comment));
		}
	}

	for (id, d) in &lineage.datasets {
		let iri = dataset_iri(&g, *id);
		let marks = lineage.dataset_marks(*id);
		let grants: Vec<GrantId> =
			lineage.grants.iter().filter(|(_, g)| g.dataset == *id).map(|(id, _)| *id).collect();
		let mut notes = vec![format!("Dataset {id}: consent grants {}", list(&grants))];
		if !d.derivation_basis.is_empty() {
			notes.push(format!("derived under grants {}", list(&d.derivation_basis)));
		}
		if marks.tainted {
			let bad = d.derivation_basis.iter().filter(|g| revoked.contains(g));
			notes.push(format!("TAINTED: derived under revoked grants {}", list(bad)));
		}
		if marks.disputed {
			notes.push("DISPUTED: under a governance dispute".into());
		}
		let supplier = g.agent(&d.owner);
		let mut element = json!({
			"name": format!("dataset {id}"),
			"software_downloadLocation": d.uri,
			"software_primaryPurpose": "data",
			"suppliedBy": supplier,
			"verifiedUsing": [hash(&d.content_hash)],
			"dataset_datasetType": ["noAssertion"],
			"comment": notes.join("; "),
		});
		let purposes: BTreeSet<&str> = grants
			.iter()
			.filter_map(|g| lineage.grants.get(g))
			.flat_map(|g| g.purposes.iter().map(String::as_str))
			.collect();
		if !purposes.is_empty() {
			let text = format!("the purposes its consent grants allow: {}", list(purposes));
			set(&mut element, "dataset_intendedUse", json!(text));
		}
		g.add("dataset_DatasetPackage", &iri, element);
		let license = g.license(&d.license);
		g.relate(&iri, "hasDeclaredLicense", &license, None);
		if let Some((parent, kind)) = &d.parent {
			let to = dataset_iri(&g, *parent);
			let under = d
				.derivation_basis
				.iter()
				.map(|g| format!("{g} ({})", grant_state(lineage, *g)))
				.collect::<Vec<_>>();
			let comment =
				format!("{kind} of dataset {parent}, derived under grants {}", list(under));
			g.relate(&iri, "descendantOf", &to, Some(comment));
		}
	}

	// Consent grants and evaluations have no SPDX class of their own: annotations keep their
	// full terms, machine-readable, on the element they are about.
	for (id, grant) in &lineage.grants {
		let iri = g.iri(format_args!("grant-{id}"));
		let mut comment = format!(
			"Consent grant {id} on dataset {} from {} to {}: {}",
			grant.dataset,
			grant.grantor,
			grant.grantee.as_deref().unwrap_or("anyone"),
			grant_state(lineage, *id)
		);
		if grant.dataset_disputed {
			comment.push_str("; its dataset is DISPUTED");
		}
		let subject = dataset_iri(&g, grant.dataset);
		g.add(
			"Annotation",
			&iri,
			json!({
				"annotationType": "other",
				"subject": subject,
				"contentType": "application/json",
				"statement": json!(grant).to_string(),
				"comment": comment,
			}),
		);
	}
	let root = model_iri(&g, lineage.root);
	for e in &lineage.evaluations {
		let iri = g.iri(format_args!("evaluation-{}-{}", lineage.root, e.index));
		let accredited = if e.accredited { "accredited" } else { "unaccredited" };
		g.add(
			"Annotation",
			&iri,
			json!({
				"annotationType": "review",
				"subject": root,
				"contentType": "application/json",
				"statement": json!(e).to_string(),
				"comment": format!("{} = {} by {accredited} evaluator {} at block {}", e.metric, millionths(e.value), e.evaluator, e.at),
			}),
		);
	}

	for license in std::mem::take(&mut g.licenses) {
		let iri = g.license_iri(&license);
		g.add(
			"simplelicensing_LicenseExpression",
			&iri,
			json!({ "simplelicensing_licenseExpression": license }),
		);
	}
	for account in std::mem::take(&mut g.agents) {
		let iri = g.agent_iri(&account);
		g.add("Agent", &iri, json!({ "name": account }));
	}
	let (agent, tool) = (g.iri("agent-provenance-chain"), g.iri("tool-provenance-chain"));
	g.add("Agent", &agent, json!({ "name": "provenance-chain" }));
	g.add("Tool", &tool, json!({ "name": "provenance-chain" }));

	let warnings = lineage.warnings();
	let comment = if warnings.is_empty() {
		"No warnings: the root's consent basis is clean and nothing in the lineage is revoked, \
		 withdrawn or disputed."
			.to_string()
	} else {
		format!("WARNING: {}.", warnings.join("; "))
	};
	let elements: Vec<Value> = g.elements.iter().filter_map(|e| e.get("spdxId").cloned()).collect();
	// Named by the block's hash: two forks may share a block number.
	let doc = g.iri(format_args!("document-{}-{}", lineage.root, at.hash));
	g.add(
		"SpdxDocument",
		&doc,
		json!({
			"name": format!("Lineage of model {} at block {}", lineage.root, at.number),
			"rootElement": [root],
			"element": elements,
			"profileConformance": ["core", "software", "simpleLicensing", "ai", "dataset"],
			"comment": comment,
		}),
	);

	let created = iso8601(at.timestamp_ms.unwrap_or(0));
	let mut read = format!(
		"Read from the chain with genesis {} at block {} ({})",
		at.genesis, at.number, at.hash
	);
	if at.timestamp_ms.is_none() {
		read.push_str("; the block's time is unknown, so `created` is the Unix epoch");
	}
	let mut graph = vec![json!({
		"type": "CreationInfo",
		"@id": CREATION_INFO,
		"specVersion": "3.0.1",
		"created": created,
		"createdBy": [agent],
		"createdUsing": [tool],
		"comment": read,
	})];
	graph.append(&mut g.elements);
	json!({ "@context": CONTEXT, "@graph": graph })
}

#[cfg(test)]
mod tests {
	use serde_json::{json, Value};

	use super::*;
	use crate::tests::{hash, sample};

	fn find<'a>(doc: &'a Value, id: &str) -> &'a Value {
		let graph = doc["@graph"].as_array().unwrap();
		graph.iter().find(|e| e["spdxId"] == id || e["@id"] == id).unwrap()
	}

	fn relations<'a>(doc: &'a Value, kind: &str) -> Vec<&'a Value> {
		let graph = doc["@graph"].as_array().unwrap();
		graph
			.iter()
			.filter(|e| e["type"] == "Relationship" && e["relationshipType"] == kind)
			.collect()
	}

	#[test]
	fn spdx_document_maps_the_lineage() {
		let l = sample();
		let doc = document(&l);
		let ns = namespace(&l.at.genesis);
		let id = |local: &str| format!("{ns}{local}");
		assert_eq!(doc["@context"], json!(CONTEXT));

		let info = find(&doc, "_:creationinfo");
		assert_eq!(info["specVersion"], json!("3.0.1"));
		assert_eq!(info["created"], json!("2025-11-29T19:30:00Z"));
		assert_eq!(find(&doc, info["createdBy"][0].as_str().unwrap())["type"], json!("Agent"));
		assert_eq!(find(&doc, info["createdUsing"][0].as_str().unwrap())["type"], json!("Tool"));

		let spdx_doc = find(&doc, &id(&format!("document-2-{}", hash(0xbb))));
		assert_eq!(spdx_doc["rootElement"], json!([id("model-2")]));
		let comment = spdx_doc["comment"].as_str().unwrap();
		for warning in l.warnings() {
			assert!(comment.contains(&warning), "{warning} missing from {comment}");
		}
		// Every element but the document itself is listed, and every reference resolves.
		let graph = doc["@graph"].as_array().unwrap();
		assert_eq!(spdx_doc["element"].as_array().unwrap().len(), graph.len() - 2);
		for e in graph.iter().filter(|e| e["type"] == "Relationship") {
			for to in e["to"].as_array().unwrap().iter().chain([&e["from"]]) {
				find(&doc, to.as_str().unwrap());
			}
		}

		let root = find(&doc, &id("model-2"));
		assert_eq!(root["type"], json!("ai_AIPackage"));
		assert_eq!(root["software_packageVersion"], json!("1.0"));
		assert_eq!(root["suppliedBy"], json!(id("account-bob")));
		assert_eq!(
			root["verifiedUsing"],
			json!([{ "type": "Hash", "algorithm": "blake2b256", "hashValue": hex(&l.models[&2].weights_hash) }])
		);
		assert_eq!(
			root["ai_metric"],
			json!([{ "type": "DictionaryEntry", "key": "accuracy", "value": "0.912300" }])
		);
		assert!(root["comment"]
			.as_str()
			.unwrap()
			.contains("TAINTED: its consent basis holds revoked grants 10"));
		assert!(find(&doc, &id("model-1")).get("ai_metric").is_none());

		let dataset = find(&doc, &id("dataset-2"));
		assert_eq!(dataset["type"], json!("dataset_DatasetPackage"));
		assert_eq!(dataset["dataset_datasetType"], json!(["noAssertion"]));
		assert!(dataset["comment"].as_str().unwrap().contains("DISPUTED"));
		assert_eq!(
			find(&doc, &id("dataset-1"))["dataset_intendedUse"],
			json!("the purposes its consent grants allow: Training")
		);

		let grant = find(&doc, &id("grant-10"));
		assert_eq!(grant["subject"], json!(id("dataset-1")));
		assert!(grant["comment"].as_str().unwrap().contains("REVOKED at block 9 (StopUse)"));
		let terms: Value = serde_json::from_str(grant["statement"].as_str().unwrap()).unwrap();
		assert_eq!(terms["termsHash"], json!(hash(3)));
		assert_eq!(terms["revokedAt"], json!(9));
		assert_eq!(find(&doc, &id("evaluation-2-0"))["annotationType"], json!("review"));

		let trained = relations(&doc, "trainedOn");
		let first = trained
			.iter()
			.find(|r| r["from"] == id("model-0") && r["to"] == json!([id("dataset-1")]))
			.unwrap();
		assert!(first["comment"]
			.as_str()
			.unwrap()
			.contains("consent grant 10 (REVOKED at block 9"));
		assert_eq!(trained.len(), 3);
		let tested = relations(&doc, "testedOn");
		assert!(tested.len() == 1 && tested[0]["to"] == json!([id("dataset-4")]));
		let descent = relations(&doc, "descendantOf");
		assert!(descent
			.iter()
			.any(|r| r["from"] == id("model-1") && r["to"] == json!([id("model-0")])));
		let subset = descent.iter().find(|r| r["from"] == id("dataset-3")).unwrap();
		assert_eq!(subset["to"], json!([id("dataset-1")]));
		assert!(subset["comment"].as_str().unwrap().starts_with("Subset of dataset 1"));
		let licensed = relations(&doc, "hasDeclaredLicense");
		assert_eq!(licensed.len(), 7);
		assert_eq!(
			find(&doc, &id("license-Apache-2.0"))["simplelicensing_licenseExpression"],
			json!("Apache-2.0")
		);
	}

	#[test]
	fn spdx_document_is_deterministic_and_says_when_clean() {
		let mut l = sample();
		assert_eq!(document(&l), document(&l));
		l.tainted.clear();
		l.at.timestamp_ms = None;
		for g in l.grants.values_mut() {
			g.revoked_at = None;
			g.dataset_disputed = false;
		}
		for d in l.datasets.values_mut() {
			d.disputed = false;
		}
		let doc = document(&l);
		assert_eq!(find(&doc, "_:creationinfo")["created"], json!("1970-01-01T00:00:00Z"));
		let spdx_doc =
			find(&doc, &format!("{}document-2-{}", namespace(&l.at.genesis), hash(0xbb)));
		let info = find(&doc, "_:creationinfo")["comment"].as_str().unwrap();
		assert!(info.ends_with("so `created` is the Unix epoch"));
		assert!(spdx_doc["comment"].as_str().unwrap().starts_with("No warnings"));
		assert!(!doc.to_string().contains("TAINTED"));
	}
}
