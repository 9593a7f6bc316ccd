//! W3C PROV-JSON (<https://www.w3.org/submissions/prov-json/>).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::{namespace, DatasetId, GrantId, Lineage, ModelId};

fn model_id(id: ModelId) -> String {
	format!("pc:model-{id}")
}
fn run_id(id: ModelId) -> String {
	format!("pc:run-{id}")
}
fn dataset_id(id: DatasetId) -> String {
	format!("pc:dataset-{id}")
}
fn grant_id(id: GrantId) -> String {
	format!("pc:grant-{id}")
}
fn agent_id(account: &str) -> String {
	format!("pc:account-{account}")
}
fn qname(name: &str) -> Value {
	json!({ "$": name, "type": "prov:QUALIFIED_NAME" })
}
/// Adds an attribute to a record built with `json!({ .. })`, which is always an object.
fn set(record: &mut Value, key: &str, value: Value) {
	if let Value::Object(map) = record {
		map.insert(key.into(), value);
	}
}

/// The lineage as a PROV-JSON document: models and datasets are entities, and so are consent
/// grants; each model's training run is an activity; owners, trainers and grantors are agents.
///
/// - A model `wasGeneratedBy` its run, which `used` each input dataset and the grant it was
///   used under, and `wasAssociatedWith` its trainer.
/// - A model `wasDerivedFrom` each parent (through its run) and each dataset it trained on.
/// - Models, datasets and grants are `wasAttributedTo` their owner or grantor.
///
/// The root model's entity records its consent status (`pc:consentClean`, `pc:taintedBy`),
/// the block the document was read at (`pc:atBlock`) and, when the reader limited the depth,
/// the models whose parents are left out (`pc:ancestryStopsAt`), so that an export can be checked
/// against the chain: PROV-JSON allows no other top-level keys.
pub fn document(lineage: &Lineage) -> Value {
	let root = lineage.root;
	let mut entity = Map::new();
	let mut activity = Map::new();
	let mut agent = Map::new();
	let mut relations: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
	let mut relate = |kind: &'static str, value: Value| {
		let map = relations.entry(kind).or_default();
		let id = format!("_:{kind}{}", map.len().saturating_add(1));
		map.insert(id, value);
	};
	let mut agents = BTreeSet::new();

	for (id, m) in &lineage.models {
		let mut attrs = json!({
			"prov:type": qname("pc:Model"),
			"prov:label": format!("{} {}", m.name, m.version),
			"pc:weightsHash": m.weights_hash,
			"pc:cardHash": m.card_hash,
			"pc:uri": m.uri,
			"pc:license": m.license,
			"pc:policy": m.policy,
			"pc:status": m.status,
			"pc:createdAt": m.created_at,
			"pc:consentBasis": m.consent_basis.iter().map(|g| qname(&grant_id(*g))).collect::<Vec<_>>(),
			"pc:disputed": m.disputed,
		});
		if *id == root {
			set(&mut attrs, "pc:consentClean", json!(lineage.clean()));
			set(
				&mut attrs,
				"pc:taintedBy",
				json!(lineage
					.tainted
					.iter()
					.map(|t| qname(&grant_id(t.grant)))
					.collect::<Vec<_>>()),
			);
			set(&mut attrs, "pc:atBlock", json!(lineage.at.hash));
			if !lineage.frontier.is_empty() {
				// Only a reader that limited the depth leaves ancestors out; it says where.
				set(
					&mut attrs,
					"pc:ancestryStopsAt",
					json!(lineage
						.frontier
						.iter()
						.map(|m| qname(&model_id(*m)))
						.collect::<Vec<_>>()),
				);
			}
		}
		entity.insert(model_id(*id), attrs);
		activity.insert(
			run_id(*id),
			json!({
				"prov:type": qname("pc:TrainingRun"),
				"pc:kind": m.run.kind,
				"pc:purpose": m.run.purpose,
				"pc:configHash": m.run.config_hash,
				"pc:codeHash": m.run.code_hash,
				"pc:block": m.run.at,
			}),
		);
		relate(
			"wasGeneratedBy",
			json!({ "prov:entity": model_id(*id), "prov:activity": run_id(*id) }),
		);
		relate(
			"wasAssociatedWith",
			json!({ "prov:activity": run_id(*id), "prov:agent": agent_id(&m.run.trainer), "prov:role": qname("pc:trainer") }),
		);
		agents.insert(m.run.trainer.clone());
		if let Some(provider) = &m.run.compute_provider {
			relate(
				"wasAssociatedWith",
				json!({ "prov:activity": run_id(*id), "prov:agent": agent_id(provider), "prov:role": qname("pc:computeProvider") }),
			);
			agents.insert(provider.clone());
		}
		relate(
			"wasAttributedTo",
			json!({ "prov:entity": model_id(*id), "prov:agent": agent_id(&m.owner) }),
		);
		agents.insert(m.owner.clone());
		for parent in &m.run.parents {
			relate(
				"used",
				json!({ "prov:activity": run_id(*id), "prov:entity": model_id(parent.model), "prov:role": qname("pc:parentModel") }),
			);
			relate(
				"wasDerivedFrom",
				json!({
					"prov:generatedEntity": model_id(*id),
					"prov:usedEntity": model_id(parent.model),
					"prov:activity": run_id(*id),
					"pc:kind": parent.kind,
				}),
			);
		}
		for input in &m.run.inputs {
			relate(
				"used",
				json!({ "prov:activity": run_id(*id), "prov:entity": dataset_id(input.dataset), "prov:role": qname(&format!("pc:{}", input.role)) }),
			);
			relate(
				"used",
				json!({ "prov:activity": run_id(*id), "prov:entity": grant_id(input.grant), "prov:role": qname("pc:consent") }),
			);
			relate(
				"wasDerivedFrom",
				json!({
					"prov:generatedEntity": model_id(*id),
					"prov:usedEntity": dataset_id(input.dataset),
					"prov:activity": run_id(*id),
					"pc:role": input.role,
				}),
			);
		}
	}

	for (id, d) in &lineage.datasets {
		let mut attrs = json!({
			"prov:type": qname("pc:Dataset"),
			"pc:contentHash": d.content_hash,
			"pc:uri": d.uri,
			"pc:license": d.license,
			"pc:disputed": d.disputed,
		});
		if !d.derivation_basis.is_empty() {
			set(
				&mut attrs,
				"pc:derivedUnder",
				json!(d.derivation_basis.iter().map(|g| qname(&grant_id(*g))).collect::<Vec<_>>()),
			);
		}
		entity.insert(dataset_id(*id), attrs);
		if let Some((parent, kind)) = &d.parent {
			// The ancestry walk includes every parent dataset, so the reference resolves.
			relate(
				"wasDerivedFrom",
				json!({
					"prov:generatedEntity": dataset_id(*id),
					"prov:usedEntity": dataset_id(*parent),
					"pc:derivation": kind,
				}),
			);
		}
		relate(
			"wasAttributedTo",
			json!({ "prov:entity": dataset_id(*id), "prov:agent": agent_id(&d.owner) }),
		);
		agents.insert(d.owner.clone());
	}

	for (id, g) in &lineage.grants {
		let mut attrs = json!({
			"prov:type": qname("pc:ConsentGrant"),
			"pc:dataset": qname(&dataset_id(g.dataset)),
			"pc:grantee": g.grantee.as_deref().map_or_else(|| json!("anyone"), |who| qname(&agent_id(who))),
			"pc:purposes": g.purposes,
			"pc:termsHash": g.terms_hash,
			"pc:derivatives": g.derivatives,
			"pc:onRevoke": g.on_revoke,
			"pc:legalBasis": g.legal_basis,
			"pc:datasetDisputed": g.dataset_disputed,
			"pc:grantedAt": g.granted_at,
			"pc:revoked": g.revoked_at.is_some(),
		});
		if let Some(subject) = &g.data_subject {
			set(&mut attrs, "pc:dataSubject", json!(subject));
		}
		if let Some(controller) = &g.controller {
			set(&mut attrs, "pc:controller", qname(&agent_id(controller)));
		}
		if let Some(jurisdiction) = &g.jurisdiction {
			set(&mut attrs, "pc:jurisdiction", json!(jurisdiction));
		}
		if let Some(notice) = &g.notice_version {
			set(&mut attrs, "pc:noticeVersion", json!(notice));
		}
		if let Some(revoked_at) = g.revoked_at {
			set(&mut attrs, "pc:revokedAt", json!(revoked_at));
		}
		if let Some(expires_at) = g.expires_at {
			set(&mut attrs, "pc:expiresAt", json!(expires_at));
		}
		entity.insert(grant_id(*id), attrs);
		relate(
			"wasAttributedTo",
			json!({ "prov:entity": grant_id(*id), "prov:agent": agent_id(&g.grantor) }),
		);
		agents.insert(g.grantor.clone());
		if let Some(controller) = &g.controller {
			agents.insert(controller.clone());
		}
	}

	// The root model's evaluations, each marked accredited or not.
	for e in &lineage.evaluations {
		let id = format!("pc:evaluation-{root}-{}", e.index);
		let mut attrs = json!({
			"prov:type": qname("pc:Evaluation"),
			"pc:metric": e.metric,
			"pc:value": e.value,
			"pc:evidenceHash": e.evidence_hash,
			"pc:at": e.at,
			"pc:accredited": e.accredited,
		});
		if let Some(dataset) = e.dataset {
			set(&mut attrs, "pc:benchmarkDataset", qname(&dataset_id(dataset)));
		}
		entity.insert(id.clone(), attrs);
		relate(
			"wasDerivedFrom",
			json!({ "prov:generatedEntity": id, "prov:usedEntity": model_id(root), "prov:type": qname("pc:EvaluationOf") }),
		);
		relate(
			"wasAttributedTo",
			json!({ "prov:entity": id, "prov:agent": agent_id(&e.evaluator) }),
		);
		agents.insert(e.evaluator.clone());
	}

	for account in agents {
		agent.insert(
			agent_id(&account),
			json!({ "prov:type": qname("prov:Agent"), "pc:account": account }),
		);
	}

	let mut doc = Map::new();
	doc.insert(
		"prefix".into(),
		json!({ "pc": namespace(&lineage.at.genesis), "prov": "http://www.w3.org/ns/prov#", "xsd": "http://www.w3.org/2001/XMLSchema#" }),
	);
	doc.insert("entity".into(), Value::Object(entity));
	doc.insert("activity".into(), Value::Object(activity));
	doc.insert("agent".into(), Value::Object(agent));
	for (kind, map) in relations {
		doc.insert(kind.into(), Value::Object(map));
	}
	Value::Object(doc)
}
