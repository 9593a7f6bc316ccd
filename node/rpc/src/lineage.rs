//! `lineage_*`: models, their ancestry and descendants, whether the consent they were trained
//! under still stands, what a revocation reaches, and a W3C PROV-JSON export, at any block.
//!
//! Passing an older block hash as `at` answers "was this model clean at block N?".

use std::{
	collections::{BTreeMap, BTreeSet},
	marker::PhantomData,
	sync::Arc,
};

use codec::Codec;
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_consent_runtime_api::{ConsentApi as ConsentRuntimeApi, Grantee};
use pallet_datasets_runtime_api::DatasetsApi as DatasetsRuntimeApi;
use pallet_lineage_runtime_api::{
	AnchorInfo, ConsentStatus as RuntimeConsentStatus, DerivativePolicy, EdgeKind, EvaluationInfo,
	LineageApi as LineageRuntimeApi, LineageGraph, LineageNode, ModelInfo, ModelStatus,
	MAX_GRAPH_DEPTH, MAX_GRAPH_NODES,
};
use provenance_primitives::{
	DatasetId, DerivativeScope, GrantId, ModelId, Purpose, QueryError, RevocationEffect,
	MAX_PAGE_SIZE,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::Block as BlockT;

use crate::{call_at, error, text, Page, DEFAULT_PAGE_SIZE};

/// A node of the lineage graph: `{"type": "model", "id": 3}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "camelCase")]
pub enum Node {
	Model(ModelId),
	Dataset(DatasetId),
	Grant(GrantId),
}

impl From<LineageNode> for Node {
	fn from(node: LineageNode) -> Self {
		match node {
			LineageNode::Model(id) => Node::Model(id),
			LineageNode::Dataset(id) => Node::Dataset(id),
			LineageNode::Grant(id) => Node::Grant(id),
		}
	}
}

impl From<Node> for LineageNode {
	fn from(node: Node) -> Self {
		match node {
			Node::Model(id) => LineageNode::Model(id),
			Node::Dataset(id) => LineageNode::Dataset(id),
			Node::Grant(id) => LineageNode::Grant(id),
		}
	}
}

/// A typed edge: `from` was derived from, trained on, or used the grant `to`; or the grant
/// `from` is on the dataset `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
	pub from: Node,
	pub to: Node,
	/// `derivedFrom`, `trainedOn`, `usedGrant` or `grantOn`.
	pub relation: String,
	/// The run kind of a `derivedFrom` edge (`FineTune`, ...), the input role of a
	/// `trainedOn` edge (`Train`, `Validation`, `Test`), otherwise `null`.
	pub detail: Option<String>,
}

impl From<pallet_lineage_runtime_api::LineageEdge> for Edge {
	fn from(edge: pallet_lineage_runtime_api::LineageEdge) -> Self {
		let (relation, detail) = match edge.kind {
			EdgeKind::DerivedFrom(kind) => ("derivedFrom", Some(format!("{kind:?}"))),
			EdgeKind::TrainedOn(role) => ("trainedOn", Some(format!("{role:?}"))),
			EdgeKind::UsedGrant => ("usedGrant", None),
			EdgeKind::GrantOn => ("grantOn", None),
			EdgeKind::DatasetDerivedFrom(kind) => ("datasetDerivedFrom", Some(format!("{kind:?}"))),
			EdgeKind::DerivedUnder => ("derivedUnder", None),
		};
		Edge { from: edge.from.into(), to: edge.to.into(), relation: relation.into(), detail }
	}
}

/// Part of the lineage graph: nodes in the order they were reached (the root first), and
/// edges between them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Graph {
	pub nodes: Vec<Node>,
	pub edges: Vec<Edge>,
}

impl From<LineageGraph> for Graph {
	fn from(graph: LineageGraph) -> Self {
		Graph {
			nodes: graph.nodes.into_iter().map(Into::into).collect(),
			edges: graph.edges.into_iter().map(Into::into).collect(),
		}
	}
}

/// A parent of a training run and how the model derives from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parent {
	pub model: ModelId,
	pub kind: String,
}

/// A dataset a run used, in which role and under which grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Input {
	pub dataset: DatasetId,
	pub role: String,
	pub grant: GrantId,
}

/// The training run that produced a model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run<AccountId> {
	pub trainer: AccountId,
	/// `Pretrain`, `FineTune`, `Adapter`, `Merge`, `Distill` or `Quantize`.
	pub kind: String,
	pub parents: Vec<Parent>,
	pub inputs: Vec<Input>,
	pub purpose: Purpose,
	pub config_hash: H256,
	pub code_hash: H256,
	pub compute_provider: Option<AccountId>,
	/// The block the run was recorded in.
	pub at: u64,
}

/// A model as `lineage_*` return it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model<AccountId> {
	pub id: ModelId,
	pub owner: AccountId,
	pub weights_hash: H256,
	pub name: String,
	pub version: String,
	pub uri: String,
	pub license: String,
	pub card_hash: H256,
	/// `Open`, `OwnerOnly` or `RoyaltyRequired`.
	pub policy: String,
	/// The smallest royalty share a derivative must pay, in parts per billion, for
	/// `RoyaltyRequired`.
	pub min_royalty_parts_per_billion: Option<u32>,
	/// `Active`, `Deprecated` or `Withdrawn`.
	pub status: String,
	pub created_at: u64,
	pub deposit: String,
	pub run: Run<AccountId>,
	/// Every grant used anywhere in the model's ancestry, ascending.
	pub consent_basis: Vec<GrantId>,
	/// Governance's dispute over the registration, open or resolved; `null` if none.
	pub dispute: Option<crate::Dispute<AccountId>>,
}

/// A revoked grant in a model's consent basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaintedGrant {
	pub grant: GrantId,
	pub revoked_at: u64,
	/// What the grantor said a revocation means for this model: `StopUse` (stop using it)
	/// or `NoNewTraining` (keep using it, train nothing new on it).
	pub effect: RevocationEffect,
}

/// Whether a model's ancestry used consent that has since been revoked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentStatus {
	pub clean: bool,
	/// The revoked grants of its consent basis, ascending; empty when clean.
	pub tainted: Vec<TaintedGrant>,
}

/// An evaluation of a model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation<AccountId> {
	pub index: u32,
	pub evaluator: AccountId,
	/// The benchmark dataset, if one was named.
	pub dataset: Option<DatasetId>,
	/// The grant the benchmark dataset was used under.
	pub grant: Option<GrantId>,
	pub metric: String,
	/// Fixed point in millionths.
	pub value: i64,
	pub evidence_hash: H256,
	pub at: u64,
	pub deposit: String,
	/// Recorded by an accredited evaluator.
	pub accredited: bool,
}

/// A batch of decisions anchored to a model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Anchor<AccountId> {
	pub index: u32,
	pub submitter: AccountId,
	pub merkle_root: H256,
	pub count: u32,
	pub at: u64,
	pub deposit: String,
}

fn model<AccountId, Balance: ToString, BlockNumber: Into<u64>>(
	info: ModelInfo<AccountId, Balance, BlockNumber>,
) -> Model<AccountId> {
	let (policy, min_royalty_parts_per_billion) = match info.policy {
		DerivativePolicy::Open => ("Open", None),
		DerivativePolicy::OwnerOnly => ("OwnerOnly", None),
		DerivativePolicy::RoyaltyRequired { min_share } => {
			("RoyaltyRequired", Some(min_share.deconstruct()))
		},
	};
	let run = info.run;
	Model {
		id: info.id,
		owner: info.owner,
		weights_hash: info.weights_hash,
		name: text(info.name),
		version: text(info.version),
		uri: text(info.uri),
		license: text(info.license),
		card_hash: info.card_hash,
		policy: policy.into(),
		min_royalty_parts_per_billion,
		status: match info.status {
			ModelStatus::Active => "Active",
			ModelStatus::Deprecated => "Deprecated",
			ModelStatus::Withdrawn => "Withdrawn",
		}
		.into(),
		created_at: info.created_at.into(),
		deposit: info.deposit.to_string(),
		run: Run {
			trainer: run.trainer,
			kind: format!("{:?}", run.kind),
			parents: run
				.parents
				.into_iter()
				.map(|(model, kind)| Parent { model, kind: format!("{kind:?}") })
				.collect(),
			inputs: run
				.inputs
				.into_iter()
				.map(|i| Input {
					dataset: i.dataset,
					role: format!("{:?}", i.role),
					grant: i.grant,
				})
				.collect(),
			purpose: run.purpose,
			config_hash: run.config_hash,
			code_hash: run.code_hash,
			compute_provider: run.compute_provider,
			at: run.at.into(),
		},
		consent_basis: info.consent_basis,
		dispute: info.dispute.map(crate::Dispute::from_runtime),
	}
}

/// A graph query's error, naming the depth or node cap it hit.
fn graph_error(e: QueryError) -> ErrorObjectOwned {
	match e {
		QueryError::LimitTooLarge { requested, max } if max == MAX_GRAPH_DEPTH => {
			ErrorObject::owned(
				error::LIMIT_EXCEEDED,
				format!("depth {requested} is over the cap of {max}"),
				None::<()>,
			)
		},
		QueryError::LimitTooLarge { max, .. } if max == MAX_GRAPH_NODES => ErrorObject::owned(
			error::LIMIT_EXCEEDED,
			format!("the graph has more than {max} nodes, the cap; ask for a smaller maxDepth"),
			None::<()>,
		),
		other => error::query(other),
	}
}

fn consent_status<BlockNumber: Into<u64>>(
	status: RuntimeConsentStatus<BlockNumber>,
) -> ConsentStatus {
	match status {
		RuntimeConsentStatus::Clean => ConsentStatus { clean: true, tainted: Vec::new() },
		RuntimeConsentStatus::Tainted(grants) => ConsentStatus {
			clean: false,
			tainted: grants
				.into_iter()
				.map(|g| TaintedGrant {
					grant: g.grant,
					revoked_at: g.revoked_at.into(),
					effect: g.effect,
				})
				.collect(),
		},
	}
}

/// What the PROV export says about a dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvDataset {
	pub owner: String,
	pub content_hash: H256,
	pub uri: String,
	pub license: String,
	/// The dataset it was derived from, and how.
	pub parent: Option<(DatasetId, String)>,
	/// The grants it was derived under.
	pub derivation_basis: Vec<GrantId>,
	/// Governance has disputed its registration.
	pub disputed: bool,
}

/// What the PROV export says about a consent grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvGrant {
	pub dataset: DatasetId,
	pub grantor: String,
	/// `None` for a grant to anyone.
	pub grantee: Option<String>,
	pub purposes: Vec<Purpose>,
	pub granted_at: u64,
	pub revoked_at: Option<u64>,
	pub expires_at: Option<u64>,
	pub terms_hash: H256,
	pub derivatives: DerivativeScope,
	pub on_revoke: RevocationEffect,
	pub data_subject: Option<H256>,
	pub controller: Option<String>,
	/// As `consent_getGrant` names it.
	pub legal_basis: String,
	pub jurisdiction: Option<String>,
	pub notice_version: Option<H256>,
	/// Governance has disputed the registration of the dataset the grant is on.
	pub dataset_disputed: bool,
}

/// The namespace of the export's own identifiers and attributes on the chain with this
/// genesis hash, so that ids from different chains never collide.
pub fn prov_namespace(genesis: &str) -> String {
	format!("urn:provenance-chain:{genesis}:")
}

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
fn hex(hash: &H256) -> String {
	format!("{hash:?}")
}

/// Builds a W3C PROV-JSON document (<https://www.w3.org/submissions/prov-json/>) for the
/// ancestry of `root`: models and datasets are entities, and so are consent grants; each
/// model's training run is an activity; owners, trainers and grantors are agents.
///
/// - A model `wasGeneratedBy` its run, which `used` each input dataset and the grant it was
///   used under, and `wasAssociatedWith` its trainer.
/// - A model `wasDerivedFrom` each parent (through its run) and each dataset it trained on.
/// - Models, datasets and grants are `wasAttributedTo` their owner or grantor.
///
/// Models in `models`, datasets in `datasets` and grants in `grants` are those the graph
/// reached. The root model's entity records its consent status and the block the document
/// was read at, so that an export can be checked against the chain (PROV-JSON allows no
/// other top-level keys).
pub fn prov_document(
	namespace: &str,
	root: ModelId,
	at: &str,
	models: &BTreeMap<ModelId, Model<String>>,
	datasets: &BTreeMap<DatasetId, ProvDataset>,
	grants: &BTreeMap<GrantId, ProvGrant>,
	status: &ConsentStatus,
	evaluations: &[Evaluation<String>],
) -> Value {
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

	for (id, m) in models {
		let mut attrs = json!({
			"prov:type": qname("pc:Model"),
			"prov:label": format!("{} {}", m.name, m.version),
			"pc:weightsHash": hex(&m.weights_hash),
			"pc:cardHash": hex(&m.card_hash),
			"pc:uri": m.uri,
			"pc:license": m.license,
			"pc:policy": m.policy,
			"pc:status": m.status,
			"pc:createdAt": m.created_at,
			"pc:consentBasis": m.consent_basis.iter().map(|g| qname(&grant_id(*g))).collect::<Vec<_>>(),
			"pc:disputed": m.dispute.as_ref().is_some_and(|d| d.open || d.reassigned_to.is_some()),
		});
		if *id == root {
			set(&mut attrs, "pc:consentClean", json!(status.clean));
			set(
				&mut attrs,
				"pc:taintedBy",
				json!(status.tainted.iter().map(|t| qname(&grant_id(t.grant))).collect::<Vec<_>>()),
			);
			set(&mut attrs, "pc:atBlock", json!(at));
		}
		entity.insert(model_id(*id), attrs);
		activity.insert(
			run_id(*id),
			json!({
				"prov:type": qname("pc:TrainingRun"),
				"pc:kind": m.run.kind,
				"pc:purpose": format!("{:?}", m.run.purpose),
				"pc:configHash": hex(&m.run.config_hash),
				"pc:codeHash": hex(&m.run.code_hash),
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

	for (id, d) in datasets {
		let mut attrs = json!({
			"prov:type": qname("pc:Dataset"),
			"pc:contentHash": hex(&d.content_hash),
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

	for (id, g) in grants {
		let mut attrs = json!({
			"prov:type": qname("pc:ConsentGrant"),
			"pc:dataset": qname(&dataset_id(g.dataset)),
			"pc:grantee": g.grantee.as_deref().map_or_else(|| json!("anyone"), |who| qname(&agent_id(who))),
			"pc:purposes": g.purposes.iter().map(|p| format!("{p:?}")).collect::<Vec<_>>(),
			"pc:termsHash": hex(&g.terms_hash),
			"pc:derivatives": format!("{:?}", g.derivatives),
			"pc:onRevoke": format!("{:?}", g.on_revoke),
			"pc:legalBasis": g.legal_basis,
			"pc:datasetDisputed": g.dataset_disputed,
			"pc:grantedAt": g.granted_at,
			"pc:revoked": g.revoked_at.is_some(),
		});
		if let Some(subject) = &g.data_subject {
			set(&mut attrs, "pc:dataSubject", json!(hex(subject)));
		}
		if let Some(controller) = &g.controller {
			set(&mut attrs, "pc:controller", qname(&agent_id(controller)));
		}
		if let Some(jurisdiction) = &g.jurisdiction {
			set(&mut attrs, "pc:jurisdiction", json!(jurisdiction));
		}
		if let Some(notice) = &g.notice_version {
			set(&mut attrs, "pc:noticeVersion", json!(hex(notice)));
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
	for e in evaluations {
		let id = format!("pc:evaluation-{root}-{}", e.index);
		let mut attrs = json!({
			"prov:type": qname("pc:Evaluation"),
			"pc:metric": e.metric,
			"pc:value": e.value,
			"pc:evidenceHash": hex(&e.evidence_hash),
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
		json!({ "pc": namespace, "prov": "http://www.w3.org/ns/prov#", "xsd": "http://www.w3.org/2001/XMLSchema#" }),
	);
	doc.insert("entity".into(), Value::Object(entity));
	doc.insert("activity".into(), Value::Object(activity));
	doc.insert("agent".into(), Value::Object(agent));
	for (kind, map) in relations {
		doc.insert(kind.into(), Value::Object(map));
	}
	Value::Object(doc)
}

#[rpc(client, server)]
pub trait LineageApi<BlockHash, AccountId> {
	/// The model with this id, its training run and consent basis.
	#[method(name = "lineage_getModel")]
	fn model(&self, id: ModelId, at: Option<BlockHash>) -> RpcResult<Model<AccountId>>;

	/// What `model` came from, up to `maxDepth` model hops (default and cap 32): parent
	/// models, datasets and grants, with typed edges.
	#[method(name = "lineage_ancestors")]
	fn ancestors(
		&self,
		model: ModelId,
		max_depth: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Graph>;

	/// What came from `root` (a model, dataset or grant), up to `maxDepth` model hops.
	#[method(name = "lineage_descendants")]
	fn descendants(
		&self,
		root: Node,
		max_depth: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Graph>;

	/// Whether any grant used in the model's ancestry is revoked, and which.
	#[method(name = "lineage_consentStatus")]
	fn consent_status(&self, model: ModelId, at: Option<BlockHash>) -> RpcResult<ConsentStatus>;

	/// Every model a revocation of `grant` taints, at any depth, in storage order.
	#[method(name = "lineage_impact")]
	fn impact(
		&self,
		grant: GrantId,
		start_after: Option<ModelId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<ModelId, ModelId>>;

	/// The evaluations of `model`, oldest first.
	#[method(name = "lineage_evaluations")]
	fn evaluations(
		&self,
		model: ModelId,
		start_after: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Evaluation<AccountId>, u32>>;

	/// The decision anchors of `model`, oldest first.
	#[method(name = "lineage_anchors")]
	fn anchors(
		&self,
		model: ModelId,
		start_after: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Anchor<AccountId>, u32>>;

	/// The ancestry of `model` as a W3C PROV-JSON document.
	#[method(name = "lineage_exportProv")]
	fn export_prov(
		&self,
		model: ModelId,
		max_depth: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;
}

/// Serves `lineage_*` from a client's runtime APIs (lineage, and datasets and consent for
/// the PROV export).
///
/// The type parameters after `Block` are the runtime's, as its runtime APIs name them.
pub struct Lineage<C, Block, AccountId, Balance, BlockNumber> {
	client: Arc<C>,
	_marker: PhantomData<fn() -> (Block, AccountId, Balance, BlockNumber)>,
}

impl<C, Block, AccountId, Balance, BlockNumber> Lineage<C, Block, AccountId, Balance, BlockNumber> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

impl<C, Block, AccountId, Balance, BlockNumber> Lineage<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: LineageRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec,
	BlockNumber: Codec,
	Balance: Codec,
{
	fn call<R>(
		&self,
		at: Option<Block::Hash>,
		f: impl FnOnce(&C::Api, Block::Hash) -> Result<R, sp_api::ApiError>,
	) -> RpcResult<R> {
		call_at::<Block, C, dyn LineageRuntimeApi<Block, AccountId, Balance, BlockNumber>, R>(
			&*self.client,
			at,
			"LineageApi",
			f,
		)
	}
}

/// An account as the JSON the RPC shows it (SS58 for the runtime's accounts).
fn account_string<AccountId: Serialize>(account: &AccountId) -> String {
	match serde_json::to_value(account) {
		Ok(Value::String(s)) => s,
		Ok(other) => other.to_string(),
		Err(e) => format!("<unserializable account: {e}>"),
	}
}

fn model_strings<AccountId: Serialize>(m: Model<AccountId>) -> Model<String> {
	Model {
		id: m.id,
		owner: account_string(&m.owner),
		weights_hash: m.weights_hash,
		name: m.name,
		version: m.version,
		uri: m.uri,
		license: m.license,
		card_hash: m.card_hash,
		policy: m.policy,
		min_royalty_parts_per_billion: m.min_royalty_parts_per_billion,
		status: m.status,
		created_at: m.created_at,
		deposit: m.deposit,
		run: Run {
			trainer: account_string(&m.run.trainer),
			kind: m.run.kind,
			parents: m.run.parents,
			inputs: m.run.inputs,
			purpose: m.run.purpose,
			config_hash: m.run.config_hash,
			code_hash: m.run.code_hash,
			compute_provider: m.run.compute_provider.as_ref().map(account_string),
			at: m.run.at,
		},
		consent_basis: m.consent_basis,
		dispute: m.dispute.map(|d| crate::Dispute {
			open: d.open,
			evidence_hash: d.evidence_hash,
			opened_at: d.opened_at,
			resolved_at: d.resolved_at,
			reassigned_to: d.reassigned_to.as_ref().map(account_string),
		}),
	}
}

impl<C, Block, AccountId, Balance, BlockNumber> LineageApiServer<Block::Hash, AccountId>
	for Lineage<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: LineageRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ DatasetsRuntimeApi<Block, AccountId, Balance, BlockNumber>
		+ ConsentRuntimeApi<Block, AccountId, BlockNumber, Balance>,
	AccountId: Codec + Clone + Serialize + for<'de> Deserialize<'de> + Send + Sync + 'static,
	BlockNumber: Codec + Into<u64> + Send + Sync + 'static,
	Balance: Codec + ToString + Send + Sync + 'static,
{
	fn model(&self, id: ModelId, at: Option<Block::Hash>) -> RpcResult<Model<AccountId>> {
		self.call(at, |api, at| LineageRuntimeApi::model(api, at, id))?
			.map(model)
			.ok_or_else(|| error::not_found("model", id))
	}

	fn ancestors(
		&self,
		model: ModelId,
		max_depth: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Graph> {
		let depth = max_depth.unwrap_or(MAX_GRAPH_DEPTH);
		let graph =
			self.call(at, |api, at| api.ancestors(at, model, depth))?.map_err(graph_error)?;
		Ok(graph.into())
	}

	fn descendants(
		&self,
		root: Node,
		max_depth: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Graph> {
		let depth = max_depth.unwrap_or(MAX_GRAPH_DEPTH);
		let graph = self
			.call(at, |api, at| api.descendants(at, root.into(), depth))?
			.map_err(graph_error)?;
		Ok(graph.into())
	}

	fn consent_status(&self, model: ModelId, at: Option<Block::Hash>) -> RpcResult<ConsentStatus> {
		let status = self
			.call(at, |api, at| LineageRuntimeApi::consent_status(api, at, model))?
			.map_err(error::query)?;
		Ok(consent_status(status))
	}

	fn impact(
		&self,
		grant: GrantId,
		start_after: Option<ModelId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<ModelId, ModelId>> {
		let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
		let page = self
			.call(at, |api, at| api.impact(at, grant, start_after, limit))?
			.map_err(error::query)?;
		Ok(Page::map(page, |m| m, |c| c))
	}

	fn evaluations(
		&self,
		model: ModelId,
		start_after: Option<u32>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<Evaluation<AccountId>, u32>> {
		let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
		let page = self
			.call(at, |api, at| api.evaluations(at, model, start_after, limit))?
			.map_err(error::query)?;
		Ok(Page::map(
			page,
			|e: EvaluationInfo<AccountId, Balance, BlockNumber>| Evaluation {
				index: e.index,
				evaluator: e.evaluator,
				dataset: e.dataset.map(|(d, _)| d),
				grant: e.dataset.map(|(_, g)| g),
				metric: text(e.metric),
				value: e.value,
				evidence_hash: e.evidence_hash,
				at: e.at.into(),
				deposit: e.deposit.to_string(),
				accredited: e.accredited,
			},
			|c| c,
		))
	}

	fn anchors(
		&self,
		model: ModelId,
		start_after: Option<u32>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<Anchor<AccountId>, u32>> {
		let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
		let page = self
			.call(at, |api, at| api.anchors(at, model, start_after, limit))?
			.map_err(error::query)?;
		Ok(Page::map(
			page,
			|a: AnchorInfo<AccountId, Balance, BlockNumber>| Anchor {
				index: a.index,
				submitter: a.submitter,
				merkle_root: a.merkle_root,
				count: a.count,
				at: a.at.into(),
				deposit: a.deposit.to_string(),
			},
			|c| c,
		))
	}

	fn export_prov(
		&self,
		root: ModelId,
		max_depth: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		// One block for every read, so the document is one consistent snapshot.
		let at = crate::resolve_at(&*self.client, at)?;
		let depth = max_depth.unwrap_or(MAX_GRAPH_DEPTH);
		let graph =
			self.call(Some(at), |api, at| api.ancestors(at, root, depth))?.map_err(graph_error)?;
		let status = self
			.call(Some(at), |api, at| LineageRuntimeApi::consent_status(api, at, root))?
			.map_err(error::query)?;
		let (mut models, mut datasets, mut grants) =
			(BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
		let api = self.client.runtime_api();
		for node in graph.nodes {
			match node {
				LineageNode::Model(id) => {
					let info = LineageRuntimeApi::model(&*api, at, id)
						.map_err(|e| error::runtime(&at, e))?
						.ok_or_else(|| error::not_found("model", id))?;
					models.insert(id, model_strings(model(info)));
				},
				LineageNode::Dataset(id) => {
					let info = DatasetsRuntimeApi::dataset(&*api, at, id)
						.map_err(|e| error::runtime(&at, e))?
						.ok_or_else(|| error::not_found("dataset", id))?;
					datasets.insert(
						id,
						ProvDataset {
							owner: account_string(&info.owner),
							content_hash: info.content_hash,
							uri: text(info.uri),
							license: text(info.license),
							parent: info.parent.map(|(parent, kind)| (parent, format!("{kind:?}"))),
							derivation_basis: info.derivation_basis,
							disputed: info.dispute.as_ref().is_some_and(|d| d.flags()),
						},
					);
				},
				LineageNode::Grant(id) => {
					let info = ConsentRuntimeApi::grant(&*api, at, id)
						.map_err(|e| error::runtime(&at, e))?
						.ok_or_else(|| error::not_found("grant", id))?;
					grants.insert(
						id,
						ProvGrant {
							dataset: info.dataset,
							grantor: account_string(&info.grantor),
							grantee: match &info.grantee {
								Grantee::Account(who) => Some(account_string(who)),
								Grantee::Anyone => None,
							},
							purposes: info.purposes,
							granted_at: info.granted_at.into(),
							revoked_at: info.revoked_at.map(Into::into),
							expires_at: info.expires_at.map(Into::into),
							terms_hash: info.terms.terms_hash,
							derivatives: info.terms.derivatives,
							on_revoke: info.terms.on_revoke,
							data_subject: info.terms.data_subject,
							controller: info.terms.controller.as_ref().map(account_string),
							legal_basis: crate::consent::legal_basis_name(info.terms.legal_basis)
								.into(),
							jurisdiction: info
								.terms
								.jurisdiction
								.map(|code| String::from_utf8_lossy(&code.0).into_owned()),
							notice_version: info.terms.notice_version,
							dataset_disputed: info.dataset_disputed,
						},
					);
				},
			}
		}
		// Every evaluation of the root: at most `MaxEvaluations` (1,000), a page at a time.
		let mut evaluations = Vec::new();
		let mut cursor = None;
		loop {
			let page = LineageRuntimeApi::evaluations(&*api, at, root, cursor, MAX_PAGE_SIZE)
				.map_err(|e| error::runtime(&at, e))?
				.map_err(error::query)?;
			evaluations.extend(page.items.into_iter().map(|e| Evaluation {
				index: e.index,
				evaluator: account_string(&e.evaluator),
				dataset: e.dataset.map(|(d, _)| d),
				grant: e.dataset.map(|(_, g)| g),
				metric: text(e.metric),
				value: e.value,
				evidence_hash: e.evidence_hash,
				at: e.at.into(),
				deposit: e.deposit.to_string(),
				accredited: e.accredited,
			}));
			match page.next {
				Some(next) => cursor = Some(next),
				None => break,
			}
		}
		let genesis = format!("{:?}", self.client.info().genesis_hash);
		Ok(prov_document(
			&prov_namespace(&genesis),
			root,
			&format!("{at:?}"),
			&models,
			&datasets,
			&grants,
			&consent_status(status),
			&evaluations,
		))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn run(trainer: &str, parents: Vec<Parent>, inputs: Vec<Input>) -> Run<String> {
		Run {
			trainer: trainer.into(),
			kind: "FineTune".into(),
			parents,
			inputs,
			purpose: Purpose::Training,
			config_hash: H256::repeat_byte(1),
			code_hash: H256::repeat_byte(2),
			compute_provider: None,
			at: 5,
		}
	}

	fn model_of(id: ModelId, owner: &str, run: Run<String>, basis: Vec<GrantId>) -> Model<String> {
		Model {
			id,
			owner: owner.into(),
			weights_hash: H256::repeat_byte(id as u8),
			name: format!("m{id}"),
			version: "1".into(),
			uri: String::new(),
			license: "MIT".into(),
			card_hash: H256::zero(),
			policy: "Open".into(),
			min_royalty_parts_per_billion: None,
			status: "Active".into(),
			created_at: 5,
			deposit: "1".into(),
			run,
			consent_basis: basis,
			dispute: None,
		}
	}

	#[test]
	fn graph_errors_name_the_cap() {
		let e = graph_error(QueryError::LimitTooLarge { requested: 33, max: MAX_GRAPH_DEPTH });
		assert_eq!(
			(e.code(), e.message()),
			(error::LIMIT_EXCEEDED, "depth 33 is over the cap of 32")
		);
		let e = graph_error(QueryError::LimitTooLarge { requested: 501, max: MAX_GRAPH_NODES });
		assert_eq!(e.code(), error::LIMIT_EXCEEDED);
		assert!(e.message().contains("more than 500 nodes"), "{}", e.message());
		let e = graph_error(QueryError::UnknownModel(4));
		assert_eq!((e.code(), e.message()), (error::NOT_FOUND, "unknown model 4"));
	}

	#[test]
	fn nodes_serialize_as_type_and_id() {
		assert_eq!(
			serde_json::to_value(Node::Model(3)).unwrap(),
			json!({"type": "model", "id": 3})
		);
		let node: Node = serde_json::from_value(json!({"type": "dataset", "id": 7})).unwrap();
		assert_eq!(node, Node::Dataset(7));
		assert!(serde_json::from_value::<Node>(json!({"type": "person", "id": 1})).is_err());
	}

	#[test]
	fn prov_document_has_every_relation() {
		let parent = model_of(
			0,
			"alice",
			run("alice", vec![], vec![Input { dataset: 1, role: "Train".into(), grant: 4 }]),
			vec![4],
		);
		let child = model_of(
			1,
			"bob",
			run("bob", vec![Parent { model: 0, kind: "FineTune".into() }], vec![]),
			vec![4],
		);
		let models = BTreeMap::from([(0, parent), (1, child)]);
		let datasets = BTreeMap::from([(
			1,
			ProvDataset {
				owner: "carol".into(),
				content_hash: H256::repeat_byte(9),
				uri: "ipfs://x".into(),
				license: "MIT".into(),
				parent: None,
				derivation_basis: vec![],
				disputed: true,
			},
		)]);
		let grants = BTreeMap::from([(
			4,
			ProvGrant {
				dataset: 1,
				grantor: "carol".into(),
				grantee: Some("alice".into()),
				purposes: vec![Purpose::Training],
				granted_at: 2,
				revoked_at: Some(9),
				expires_at: None,
				terms_hash: H256::zero(),
				derivatives: DerivativeScope::GranteeOnly,
				on_revoke: RevocationEffect::NoNewTraining,
				data_subject: Some(H256::repeat_byte(1)),
				controller: Some("dave".into()),
				legal_basis: "PublicTask".into(),
				jurisdiction: Some("DE".into()),
				notice_version: None,
				dataset_disputed: true,
			},
		)]);
		let status = ConsentStatus {
			clean: false,
			tainted: vec![TaintedGrant {
				grant: 4,
				revoked_at: 9,
				effect: RevocationEffect::NoNewTraining,
			}],
		};
		let evaluations = vec![Evaluation {
			index: 0,
			evaluator: "erin".into(),
			dataset: Some(1),
			grant: Some(4),
			metric: "accuracy".into(),
			value: 912_300,
			evidence_hash: H256::repeat_byte(5),
			at: 7,
			deposit: "1".into(),
			accredited: true,
		}];
		let doc = prov_document(
			"urn:provenance-chain:0x01:",
			1,
			"0xabc",
			&models,
			&datasets,
			&grants,
			&status,
			&evaluations,
		);

		for id in ["pc:model-0", "pc:model-1", "pc:dataset-1", "pc:grant-4"] {
			assert!(doc["entity"][id].is_object(), "no entity {id}");
		}
		assert!(doc["activity"]["pc:run-0"].is_object() && doc["activity"]["pc:run-1"].is_object());
		for who in ["alice", "bob", "carol"] {
			assert!(doc["agent"][format!("pc:account-{who}")].is_object(), "no agent {who}");
		}
		let has = |kind: &str, want: Value| {
			doc[kind]
				.as_object()
				.unwrap()
				.values()
				.any(|r| want.as_object().unwrap().iter().all(|(k, v)| r.get(k) == Some(v)))
		};
		assert!(has(
			"wasGeneratedBy",
			json!({"prov:entity": "pc:model-1", "prov:activity": "pc:run-1"})
		));
		assert!(has("used", json!({"prov:activity": "pc:run-0", "prov:entity": "pc:dataset-1"})));
		assert!(has(
			"used",
			json!({"prov:activity": "pc:run-0", "prov:entity": "pc:grant-4", "prov:role": qname("pc:consent")})
		));
		assert!(has(
			"wasDerivedFrom",
			json!({"prov:generatedEntity": "pc:model-1", "prov:usedEntity": "pc:model-0"})
		));
		assert!(has(
			"wasDerivedFrom",
			json!({"prov:generatedEntity": "pc:model-0", "prov:usedEntity": "pc:dataset-1"})
		));
		assert!(has(
			"wasAttributedTo",
			json!({"prov:entity": "pc:grant-4", "prov:agent": "pc:account-carol"})
		));
		assert!(has(
			"wasAttributedTo",
			json!({"prov:entity": "pc:model-1", "prov:agent": "pc:account-bob"})
		));
		assert!(has(
			"wasAssociatedWith",
			json!({"prov:activity": "pc:run-1", "prov:agent": "pc:account-bob"})
		));
		assert_eq!(doc["entity"]["pc:model-1"]["pc:consentClean"], json!(false));
		assert_eq!(doc["entity"]["pc:model-1"]["pc:taintedBy"], json!([qname("pc:grant-4")]));
		assert_eq!(doc["entity"]["pc:model-1"]["pc:atBlock"], json!("0xabc"));
		// The grant's consent record and terms.
		let grant = &doc["entity"]["pc:grant-4"];
		assert_eq!(grant["pc:derivatives"], json!("GranteeOnly"));
		assert_eq!(grant["pc:onRevoke"], json!("NoNewTraining"));
		assert_eq!(grant["pc:legalBasis"], json!("PublicTask"));
		assert_eq!(grant["pc:jurisdiction"], json!("DE"));
		assert_eq!(grant["pc:controller"], qname("pc:account-dave"));
		assert!(grant["pc:dataSubject"].is_string());
		assert!(grant.get("pc:noticeVersion").is_none());
		assert!(doc["agent"]["pc:account-dave"].is_object());
		// The root's evaluations, accredited ones marked.
		let evaluation = &doc["entity"]["pc:evaluation-1-0"];
		assert_eq!(evaluation["pc:accredited"], json!(true));
		assert_eq!(evaluation["pc:benchmarkDataset"], qname("pc:dataset-1"));
		assert!(has(
			"wasDerivedFrom",
			json!({"prov:generatedEntity": "pc:evaluation-1-0", "prov:usedEntity": "pc:model-1"})
		));
		assert!(has(
			"wasAttributedTo",
			json!({"prov:entity": "pc:evaluation-1-0", "prov:agent": "pc:account-erin"})
		));
		// Disputed registrations are flagged.
		assert_eq!(doc["entity"]["pc:dataset-1"]["pc:disputed"], json!(true));
		assert_eq!(grant["pc:datasetDisputed"], json!(true));
		assert_eq!(doc["entity"]["pc:model-1"]["pc:disputed"], json!(false));
		// Only PROV record types at the top level.
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
		assert!(doc.as_object().unwrap().keys().all(|k| allowed.contains(&k.as_str())));
		assert_eq!(doc["entity"]["pc:grant-4"]["pc:revokedAt"], json!(9));
		assert_eq!(doc["prefix"]["prov"], json!("http://www.w3.org/ns/prov#"));
		assert_eq!(doc["prefix"]["pc"], json!("urn:provenance-chain:0x01:"));
		// Relation ids are unique blank nodes.
		let used = doc["used"].as_object().unwrap();
		assert_eq!(used.len(), 3);
	}
}
