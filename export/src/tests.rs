//! Builders checked against one fixture: a 3-generation lineage with a derived dataset, a
//! revoked grant, a disputed dataset and an evaluation of the root.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::*;

pub(crate) fn hash(byte: u8) -> String {
	format!("0x{}", format!("{byte:02x}").repeat(32))
}

fn run(
	trainer: &str,
	kind: &str,
	parents: &[(ModelId, &str)],
	inputs: &[(DatasetId, &str, GrantId)],
) -> Run {
	Run {
		trainer: trainer.into(),
		kind: kind.into(),
		parents: parents.iter().map(|(m, k)| Parent { model: *m, kind: (*k).into() }).collect(),
		inputs: inputs
			.iter()
			.map(|(d, r, g)| Input { dataset: *d, role: (*r).into(), grant: *g })
			.collect(),
		purpose: "Training".into(),
		config_hash: hash(1),
		code_hash: hash(2),
		compute_provider: None,
		at: 5,
	}
}

fn model(owner: &str, name: &str, run: Run, basis: &[GrantId]) -> Model {
	Model {
		owner: owner.into(),
		weights_hash: hash(name.len() as u8),
		name: name.into(),
		version: "1.0".into(),
		uri: format!("https://models.example/{name}"),
		license: "Apache-2.0".into(),
		card_hash: hash(7),
		policy: "Open".into(),
		status: "Active".into(),
		created_at: 5,
		run,
		consent_basis: basis.to_vec(),
		disputed: false,
	}
}

fn dataset(owner: &str, parent: Option<(DatasetId, &str)>, basis: &[GrantId]) -> Dataset {
	Dataset {
		owner: owner.into(),
		content_hash: hash(9),
		uri: "ipfs://bafy".into(),
		license: "CC-BY-4.0".into(),
		parent: parent.map(|(d, k)| (d, k.into())),
		derivation_basis: basis.to_vec(),
		disputed: false,
	}
}

fn grant(dataset: DatasetId, grantor: &str, grantee: Option<&str>) -> Grant {
	Grant {
		dataset,
		grantor: grantor.into(),
		grantee: grantee.map(Into::into),
		purposes: vec!["Training".into()],
		granted_at: 2,
		revoked_at: None,
		expires_at: Some(1_000),
		terms_hash: hash(3),
		derivatives: "Any".into(),
		on_revoke: "StopUse".into(),
		data_subject: None,
		controller: None,
		legal_basis: "Consent".into(),
		jurisdiction: Some("DE".into()),
		notice_version: None,
		dataset_disputed: false,
	}
}

/// Models 0 → 1 → 2 (2 is the root); datasets 1 and 2 train model 0, dataset 3 (a subset of
/// dataset 1, derived under grant 12) fine-tunes model 1, dataset 4 tests model 2. Grant 10
/// on dataset 1 is revoked, so every model is tainted; dataset 2 is disputed.
pub(crate) fn sample() -> Lineage {
	let models = BTreeMap::from([
		(
			0,
			model(
				"alice",
				"base",
				run("alice", "Pretrain", &[], &[(1, "Train", 10), (2, "Train", 11)]),
				&[10, 11],
			),
		),
		(
			1,
			model(
				"bob",
				"tuned",
				run("bob", "FineTune", &[(0, "FineTune")], &[(3, "Train", 13)]),
				&[10, 11, 12, 13],
			),
		),
		(
			2,
			model(
				"bob",
				"adapter",
				run("bob", "Adapter", &[(1, "Adapter")], &[(4, "Test", 14)]),
				&[10, 11, 12, 13, 14],
			),
		),
	]);
	let mut datasets = BTreeMap::from([
		(1, dataset("carol", None, &[])),
		(2, dataset("dave", None, &[])),
		(3, dataset("carol", Some((1, "Subset")), &[12])),
		(4, dataset("erin", None, &[])),
	]);
	if let Some(d) = datasets.get_mut(&2) {
		d.disputed = true;
	}
	let mut grants = BTreeMap::from([
		(10, grant(1, "carol", Some("alice"))),
		(11, grant(2, "dave", None)),
		(12, grant(1, "carol", Some("carol"))),
		(13, grant(3, "carol", Some("bob"))),
		(14, grant(4, "erin", Some("bob"))),
	]);
	if let Some(g) = grants.get_mut(&10) {
		g.revoked_at = Some(9);
		g.controller = Some("frank".into());
		g.data_subject = Some(hash(4));
	}
	if let Some(g) = grants.get_mut(&11) {
		g.dataset_disputed = true;
	}
	Lineage {
		at: At {
			genesis: hash(0xaa),
			hash: hash(0xbb),
			number: 12,
			timestamp_ms: Some(1_764_444_600_000),
		},
		root: 2,
		models,
		datasets,
		grants,
		evaluations: vec![Evaluation {
			index: 0,
			evaluator: "grace".into(),
			dataset: Some(4),
			metric: "accuracy".into(),
			value: 912_300,
			evidence_hash: hash(5),
			at: 7,
			accredited: true,
		}],
		tainted: vec![TaintedGrant { grant: 10, revoked_at: 9, effect: "StopUse".into() }],
		frontier: vec![],
	}
}

#[test]
fn a_document_cut_short_by_the_reader_says_so_in_every_format() {
	let complete = sample();
	assert!(!complete.warnings().join("\n").contains("incomplete"));
	assert!(prov::document(&complete).to_string().find("ancestryStopsAt").is_none());

	let mut cut = sample();
	cut.frontier = vec![0];
	let warning = "incomplete ancestry: the parents of model 0";
	assert!(cut.warnings().iter().any(|w| w.starts_with(warning)), "{:?}", cut.warnings());
	let prov = prov::document(&cut);
	let root = &prov["entity"]["pc:model-2"];
	assert_eq!(root["pc:ancestryStopsAt"], json!([qname("pc:model-0")]));
	assert!(spdx::document(&cut).to_string().contains(warning));
	let bom = cyclonedx::document(&cut);
	assert!(bom["metadata"]["properties"].to_string().contains(warning));
}

#[test]
fn iso8601_formats_utc() {
	assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
	assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00Z");
	assert_eq!(iso8601(1_764_444_600_999), "2025-11-29T19:30:00Z");
}

#[test]
fn marks_follow_revocation_withdrawal_and_disputes() {
	let mut l = sample();
	assert!(l.model_marks(0).tainted && l.model_marks(2).tainted);
	assert!(l.grant_marks(10).revoked && !l.grant_marks(11).revoked);
	assert!(l.grant_marks(11).disputed && l.dataset_marks(2).disputed);
	assert!(!l.dataset_marks(3).tainted, "grant 12 stands");
	if let Some(m) = l.models.get_mut(&1) {
		m.status = "Withdrawn".into();
	}
	assert!(l.model_marks(1).withdrawn);
	let warnings = l.warnings().join("\n");
	for needle in [
		"model 2 is tainted",
		"grant 10 was revoked at block 9",
		"model 1 is withdrawn",
		"dataset 2 is under a governance dispute",
	] {
		assert!(warnings.contains(needle), "{needle} missing from {warnings}");
	}
	// Clean once nothing is revoked.
	l.tainted.clear();
	for g in l.grants.values_mut() {
		g.revoked_at = None;
	}
	assert!(!l.model_marks(2).tainted && l.clean());
}

fn has(doc: &Value, kind: &str, want: Value) -> bool {
	doc[kind].as_object().is_some_and(|records| {
		records
			.values()
			.any(|r| want.as_object().is_some_and(|w| w.iter().all(|(k, v)| r.get(k) == Some(v))))
	})
}

fn qname(name: &str) -> Value {
	json!({ "$": name, "type": "prov:QUALIFIED_NAME" })
}

#[test]
fn prov_document_has_every_relation() {
	let l = sample();
	let doc = prov::document(&l);
	for id in [
		"pc:model-0",
		"pc:model-1",
		"pc:model-2",
		"pc:dataset-1",
		"pc:dataset-3",
		"pc:grant-10",
		"pc:grant-14",
	] {
		assert!(doc["entity"][id].is_object(), "no entity {id}");
	}
	assert!(doc["activity"]["pc:run-0"].is_object() && doc["activity"]["pc:run-2"].is_object());
	for who in ["alice", "bob", "carol", "dave", "erin", "frank", "grace"] {
		assert!(doc["agent"][format!("pc:account-{who}")].is_object(), "no agent {who}");
	}
	assert!(has(
		&doc,
		"wasGeneratedBy",
		json!({"prov:entity": "pc:model-1", "prov:activity": "pc:run-1"})
	));
	assert!(has(&doc, "used", json!({"prov:activity": "pc:run-0", "prov:entity": "pc:dataset-1"})));
	assert!(has(
		&doc,
		"used",
		json!({"prov:activity": "pc:run-0", "prov:entity": "pc:grant-10", "prov:role": qname("pc:consent")})
	));
	assert!(has(
		&doc,
		"wasDerivedFrom",
		json!({"prov:generatedEntity": "pc:model-1", "prov:usedEntity": "pc:model-0"})
	));
	assert!(has(
		&doc,
		"wasDerivedFrom",
		json!({"prov:generatedEntity": "pc:model-0", "prov:usedEntity": "pc:dataset-1"})
	));
	assert!(has(
		&doc,
		"wasDerivedFrom",
		json!({"prov:generatedEntity": "pc:dataset-3", "prov:usedEntity": "pc:dataset-1", "pc:derivation": "Subset"})
	));
	assert!(has(
		&doc,
		"wasAttributedTo",
		json!({"prov:entity": "pc:grant-10", "prov:agent": "pc:account-carol"})
	));
	assert!(has(
		&doc,
		"wasAttributedTo",
		json!({"prov:entity": "pc:model-1", "prov:agent": "pc:account-bob"})
	));
	assert!(has(
		&doc,
		"wasAssociatedWith",
		json!({"prov:activity": "pc:run-1", "prov:agent": "pc:account-bob"})
	));
	let root = &doc["entity"]["pc:model-2"];
	assert_eq!(root["pc:consentClean"], json!(false));
	assert_eq!(root["pc:taintedBy"], json!([qname("pc:grant-10")]));
	assert_eq!(root["pc:atBlock"], json!(hash(0xbb)));
	assert!(doc["entity"]["pc:model-1"].get("pc:atBlock").is_none());
	let grant = &doc["entity"]["pc:grant-10"];
	assert_eq!(grant["pc:derivatives"], json!("Any"));
	assert_eq!(grant["pc:onRevoke"], json!("StopUse"));
	assert_eq!(grant["pc:legalBasis"], json!("Consent"));
	assert_eq!(grant["pc:jurisdiction"], json!("DE"));
	assert_eq!(grant["pc:controller"], qname("pc:account-frank"));
	assert_eq!(grant["pc:revokedAt"], json!(9));
	assert!(grant["pc:dataSubject"].is_string());
	assert!(grant.get("pc:noticeVersion").is_none());
	assert_eq!(doc["entity"]["pc:dataset-3"]["pc:derivedUnder"], json!([qname("pc:grant-12")]));
	let evaluation = &doc["entity"]["pc:evaluation-2-0"];
	assert_eq!(evaluation["pc:accredited"], json!(true));
	assert_eq!(evaluation["pc:benchmarkDataset"], qname("pc:dataset-4"));
	assert_eq!(doc["entity"]["pc:dataset-2"]["pc:disputed"], json!(true));
	assert_eq!(doc["entity"]["pc:grant-11"]["pc:datasetDisputed"], json!(true));
	let allowed = [
		"prefix",
		"entity",
		"activity",
		"agent",
		"used",
		"wasGeneratedBy",
		"wasDerivedFrom",
		"wasAttributedTo",
		"wasAssociatedWith",
	];
	assert!(doc.as_object().is_some_and(|d| d.keys().all(|k| allowed.contains(&k.as_str()))));
	assert_eq!(doc["prefix"]["pc"], json!(format!("urn:provenance-chain:{}:", hash(0xaa))));
	// Run 0 used two datasets and their two grants; runs 1 and 2 a parent, a dataset, a grant.
	assert_eq!(doc["used"].as_object().map(|u| u.len()), Some(10));
}

#[test]
fn helpers_escape_and_format() {
	assert_eq!(iri_segment("MIT OR Apache-2.0"), "MIT%20OR%20Apache-2.0");
	assert_eq!(iri_segment("5GrwvaEF-~_."), "5GrwvaEF-~_.");
	assert_eq!(millionths(-1_500_000), "-1.500000");
	assert_eq!(millionths(42), "0.000042");
	assert_eq!(millionths(i64::MIN), "-9223372036854.775808");
	assert_eq!(hex("0xABcd"), "abcd");
	let l = sample();
	assert_eq!(grant_state(&l, 10), "REVOKED at block 9 (StopUse)");
	assert_eq!(grant_state(&l, 11), "in force, expiring at block 1000");
	assert_eq!(grant_state(&l, 99), "not in this document");
	assert_eq!(l.tainted_by(2), BTreeSet::from([10]));
	assert!(l.tainted_by(0).contains(&10) && l.tainted_by(7).is_empty());
	assert_eq!(list([1, 2, 3]), "1, 2, 3");
}

/// Writes the sample's exports to `$PROVENANCE_EXPORT_DIR` when it is set, for third-party
/// validators (`tests/export_check.py`) to read.
#[test]
fn sample_exports_are_written_when_asked() {
	let l = sample();
	let exports = [
		("sample.prov.json", prov::document(&l)),
		("sample.spdx.json", spdx::document(&l)),
		("sample.cdx.json", cyclonedx::document(&l)),
	];
	for (_, doc) in &exports {
		assert!(doc.is_object());
	}
	if let Some(dir) = std::env::var_os("PROVENANCE_EXPORT_DIR") {
		let dir = std::path::PathBuf::from(dir);
		std::fs::create_dir_all(&dir).unwrap();
		for (name, doc) in exports {
			std::fs::write(dir.join(name), serde_json::to_string_pretty(&doc).unwrap()).unwrap();
		}
	}
}

#[test]
fn linked_svg_wraps_each_node_in_its_escaped_link() {
	let doc = sample();
	let plain = graph::svg(&doc);
	assert!(!plain.contains("<a "));
	let nodes = plain.matches("class=\"node ").count();
	assert!(nodes > 3, "{nodes} nodes");
	let linked =
		graph::svg_linked(&doc, &|key| Some(format!("/{}?at=1&x=<\"", key.replace('_', "/"))));
	assert_eq!(linked.matches("<a href=").count(), nodes);
	assert_eq!(linked.matches("</a>").count(), nodes);
	assert!(linked.contains("<a href=\"/model/"), "{linked}");
	assert!(linked.contains("?at=1&amp;x=&lt;&quot;\""), "the link is escaped");
	// A node the caller does not link is drawn as before.
	assert_eq!(graph::svg_linked(&doc, &|_| None), plain);
}
