//! `lineage_*`: models, their ancestry and descendants, whether the consent they were trained
//! under still stands, what a revocation reaches, and a W3C PROV-JSON export, at any block.
//!
//! Passing an older block hash as `at` answers "was this model clean at block N?".

use std::{collections::BTreeMap, marker::PhantomData, sync::Arc};

use codec::Codec;
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_consent_runtime_api::ConsentApi as ConsentRuntimeApi;
use pallet_datasets_runtime_api::DatasetsApi as DatasetsRuntimeApi;
use pallet_lineage_runtime_api::{
	AnchorInfo, ConsentStatus as RuntimeConsentStatus, DerivativePolicy, EdgeKind, EvaluationInfo,
	LineageApi as LineageRuntimeApi, LineageGraph, LineageNode, ModelInfo, ModelStatus,
	MAX_GRAPH_DEPTH, MAX_GRAPH_NODES,
};
use provenance_primitives::{
	DatasetId, GrantId, ModelId, Purpose, QueryError, RevocationEffect, MAX_PAGE_SIZE,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::{Block as BlockT, UniqueSaturatedInto};

use provenance_export as export;

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
	/// The models where `maxDepth` stopped the walk: their parents (ancestors) or children
	/// (descendants) are not in this answer. Ask again from each to continue; empty when the
	/// answer is complete.
	pub frontier: Vec<ModelId>,
}

impl From<LineageGraph> for Graph {
	fn from(graph: LineageGraph) -> Self {
		Graph {
			nodes: graph.nodes.into_iter().map(Into::into).collect(),
			edges: graph.edges.into_iter().map(Into::into).collect(),
			frontier: graph.frontier,
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

pub fn model<AccountId, Balance: ToString, BlockNumber: Into<u64>>(
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
pub fn graph_error(e: QueryError) -> ErrorObjectOwned {
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

pub fn consent_status<BlockNumber: Into<u64>>(
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

#[rpc(client, server)]
pub trait LineageApi<BlockHash, AccountId> {
	/// The model with this id, its training run and consent basis.
	#[method(name = "lineage_getModel", blocking)]
	fn model(&self, id: ModelId, at: Option<BlockHash>) -> RpcResult<Model<AccountId>>;

	/// What `model` came from, up to `maxDepth` model hops (default and cap 32): parent
	/// models, datasets and grants, with typed edges. `frontier` lists the models whose
	/// parents were not followed; ask again from each of them for the rest.
	#[method(name = "lineage_ancestors", blocking)]
	fn ancestors(
		&self,
		model: ModelId,
		max_depth: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Graph>;

	/// What came from `root` (a model, dataset or grant), up to `maxDepth` model hops;
	/// `frontier` lists the models whose children were not followed.
	#[method(name = "lineage_descendants", blocking)]
	fn descendants(
		&self,
		root: Node,
		max_depth: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Graph>;

	/// Whether any grant used in the model's ancestry is revoked, and which.
	#[method(name = "lineage_consentStatus", blocking)]
	fn consent_status(&self, model: ModelId, at: Option<BlockHash>) -> RpcResult<ConsentStatus>;

	/// Every model a revocation of `grant` taints, at any depth, in storage order.
	#[method(name = "lineage_impact", blocking)]
	fn impact(
		&self,
		grant: GrantId,
		start_after: Option<ModelId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<ModelId, ModelId>>;

	/// The evaluations of `model`, oldest first.
	#[method(name = "lineage_evaluations", blocking)]
	fn evaluations(
		&self,
		model: ModelId,
		start_after: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Evaluation<AccountId>, u32>>;

	/// The decision anchors of `model`, oldest first.
	#[method(name = "lineage_anchors", blocking)]
	fn anchors(
		&self,
		model: ModelId,
		start_after: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Anchor<AccountId>, u32>>;

	/// The ancestry of `model` as a W3C PROV-JSON document: the whole ancestry, or
	/// `maxDepth` model hops of it, with the models whose parents it leaves out named on the
	/// root (`pc:ancestryStopsAt`).
	#[method(name = "lineage_exportProv", blocking)]
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

	/// A graph query at `at`, refused where the runtime's graphs could be cut silently.
	fn graph(
		&self,
		at: Option<Block::Hash>,
		f: impl FnOnce(
			&C::Api,
			Block::Hash,
		) -> Result<Result<LineageGraph, QueryError>, sp_api::ApiError>,
	) -> RpcResult<LineageGraph> {
		let at = crate::resolve_at(&*self.client, at)?;
		self.call(Some(at), |api, at| {
			let version = api
				.api_version::<dyn LineageRuntimeApi<Block, AccountId, Balance, BlockNumber>>(at)?;
			if let Err(refused) = graph_api_supported(version, &at) {
				return Ok(Err(refused));
			}
			f(api, at).map(|graph| graph.map_err(graph_error))
		})?
	}
}

/// Refuses graph queries against a runtime whose `LineageApi` is older than
/// [`GRAPH_API_VERSION`]: its graphs stop at the depth cap without saying so, and an auditor
/// must never get a silently cut answer (issue 17).
fn graph_api_supported(
	version: Option<u32>,
	at: &impl core::fmt::Debug,
) -> Result<(), ErrorObjectOwned> {
	let version = version.unwrap_or_default();
	if version >= GRAPH_API_VERSION {
		return Ok(());
	}
	Err(error::api_unavailable(
		&format!(
			"LineageApi version {GRAPH_API_VERSION} (it has version {version}, whose graphs do \
			 not say where they stop)"
		),
		at,
	))
}

/// The first `LineageApi` version whose graphs say where they stop.
const GRAPH_API_VERSION: u32 = 3;

/// An account as the JSON the RPC shows it (SS58 for the runtime's accounts).
pub fn account_string<AccountId: Serialize>(account: &AccountId) -> String {
	match serde_json::to_value(account) {
		Ok(Value::String(s)) => s,
		Ok(other) => other.to_string(),
		Err(e) => format!("<unserializable account: {e}>"),
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
		Ok(self.graph(at, |api, at| api.ancestors(at, model, depth))?.into())
	}

	fn descendants(
		&self,
		root: Node,
		max_depth: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Graph> {
		let depth = max_depth.unwrap_or(MAX_GRAPH_DEPTH);
		Ok(self.graph(at, |api, at| api.descendants(at, root.into(), depth))?.into())
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
		Ok(Page::map(page, evaluation, |c| c))
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
		Ok(Page::map(page, anchor, |c| c))
	}

	fn export_prov(
		&self,
		root: ModelId,
		max_depth: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Value> {
		// One block for every read, so the document is one consistent snapshot.
		let at = crate::resolve_at(&*self.client, at)?;
		// The whole ancestry, or `max_depth` hops of it, in calls of at most the runtime's cap.
		let mut walk = export::walk::AncestryWalk::new(
			root,
			max_depth,
			MAX_GRAPH_DEPTH,
			MAX_GRAPH_NODES as usize,
		);
		while let Some(step) = walk.next_call() {
			let graph =
				self.graph(Some(at), |api, at| api.ancestors(at, step.model, step.depth))?;
			walk.add(step, graph.nodes, graph.frontier).map_err(|too_large| {
				graph_error(QueryError::LimitTooLarge {
					requested: MAX_GRAPH_NODES.saturating_add(1),
					max: too_large.max as u32,
				})
			})?;
		}
		let (nodes, frontier) = walk.into_parts();
		let status = self
			.call(Some(at), |api, at| LineageRuntimeApi::consent_status(api, at, root))?
			.map_err(error::query)?;
		let number = self
			.client
			.number(at)
			.map_err(|e| error::runtime(&at, e))?
			.map(UniqueSaturatedInto::<u64>::unique_saturated_into)
			.unwrap_or_default();
		let mut doc = export::Lineage {
			at: export::At {
				genesis: format!("{:?}", self.client.info().genesis_hash),
				hash: format!("{at:?}"),
				number,
				timestamp_ms: None,
			},
			root,
			models: BTreeMap::new(),
			datasets: BTreeMap::new(),
			grants: BTreeMap::new(),
			evaluations: Vec::new(),
			tainted: export_tainted(consent_status(status)),
			frontier,
		};
		let api = self.client.runtime_api();
		for node in nodes {
			// One permit per runtime call: an export does not hold a Wasm instance from
			// others for the whole document.
			let _permit = crate::gate::permit()?;
			match node {
				LineageNode::Model(id) => {
					let info = LineageRuntimeApi::model(&*api, at, id)
						.map_err(|e| error::runtime(&at, e))?
						.ok_or_else(|| error::not_found("model", id))?;
					doc.models.insert(id, export_model(model(info)));
				},
				LineageNode::Dataset(id) => {
					let info = DatasetsRuntimeApi::dataset(&*api, at, id)
						.map_err(|e| error::runtime(&at, e))?
						.ok_or_else(|| error::not_found("dataset", id))?;
					doc.datasets.insert(id, export_dataset(crate::datasets::dataset(info)));
				},
				LineageNode::Grant(id) => {
					let info = ConsentRuntimeApi::grant(&*api, at, id)
						.map_err(|e| error::runtime(&at, e))?
						.ok_or_else(|| error::not_found("grant", id))?;
					doc.grants.insert(id, export_grant(crate::consent::grant(info)));
				},
			}
		}
		// Every evaluation of the root: at most `MaxEvaluations` (1,000), a page at a time.
		let mut cursor = None;
		loop {
			let _permit = crate::gate::permit()?;
			let page = LineageRuntimeApi::evaluations(&*api, at, root, cursor, MAX_PAGE_SIZE)
				.map_err(|e| error::runtime(&at, e))?
				.map_err(error::query)?;
			doc.evaluations
				.extend(page.items.into_iter().map(|e| export_evaluation(evaluation(e))));
			match page.next {
				Some(next) => cursor = Some(next),
				None => break,
			}
		}
		Ok(export::prov::document(&doc))
	}
}

fn hex(hash: &H256) -> String {
	format!("{hash:?}")
}

/// A decision anchor as `lineage_anchors` shows it.
pub fn anchor<AccountId, Balance: ToString, BlockNumber: Into<u64>>(
	a: AnchorInfo<AccountId, Balance, BlockNumber>,
) -> Anchor<AccountId> {
	Anchor {
		index: a.index,
		submitter: a.submitter,
		merkle_root: a.merkle_root,
		count: a.count,
		at: a.at.into(),
		deposit: a.deposit.to_string(),
	}
}

/// An evaluation as `lineage_evaluations` shows it.
pub fn evaluation<AccountId, Balance: ToString, BlockNumber: Into<u64>>(
	e: EvaluationInfo<AccountId, Balance, BlockNumber>,
) -> Evaluation<AccountId> {
	Evaluation {
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
	}
}

// The shared export builders take a neutral document; these fill it from the views the RPC
// answers with, so the node and the `provenance` CLI describe a lineage in the same words.

/// A model as the export builders take it.
pub fn export_model<AccountId: Serialize>(m: Model<AccountId>) -> export::Model {
	export::Model {
		owner: account_string(&m.owner),
		weights_hash: hex(&m.weights_hash),
		name: m.name,
		version: m.version,
		uri: m.uri,
		license: m.license,
		card_hash: hex(&m.card_hash),
		policy: m.policy,
		status: m.status,
		created_at: m.created_at,
		run: export::Run {
			trainer: account_string(&m.run.trainer),
			kind: m.run.kind,
			parents: m
				.run
				.parents
				.into_iter()
				.map(|p| export::Parent { model: p.model, kind: p.kind })
				.collect(),
			inputs: m
				.run
				.inputs
				.into_iter()
				.map(|i| export::Input { dataset: i.dataset, role: i.role, grant: i.grant })
				.collect(),
			purpose: format!("{:?}", m.run.purpose),
			config_hash: hex(&m.run.config_hash),
			code_hash: hex(&m.run.code_hash),
			compute_provider: m.run.compute_provider.as_ref().map(account_string),
			at: m.run.at,
		},
		consent_basis: m.consent_basis,
		disputed: m.dispute.as_ref().is_some_and(|d| d.open || d.reassigned_to.is_some()),
	}
}

/// A dataset as the export builders take it.
pub fn export_dataset<AccountId: Serialize>(
	d: crate::datasets::Dataset<AccountId>,
) -> export::Dataset {
	export::Dataset {
		owner: account_string(&d.owner),
		content_hash: hex(&d.content_hash),
		uri: d.uri,
		license: d.license,
		parent: d.parent.map(|p| (p.dataset, p.kind)),
		derivation_basis: d.derivation_basis,
		disputed: d.dispute.as_ref().is_some_and(|d| d.open || d.reassigned_to.is_some()),
	}
}

/// A grant as the export builders take it.
pub fn export_grant<AccountId: Serialize>(g: crate::consent::Grant<AccountId>) -> export::Grant {
	export::Grant {
		dataset: g.dataset,
		grantor: account_string(&g.grantor),
		grantee: g.grantee.as_ref().map(account_string),
		purposes: g.purposes.iter().map(|p| format!("{p:?}")).collect(),
		granted_at: g.granted_at,
		revoked_at: g.revoked_at,
		expires_at: g.expires_at,
		terms_hash: hex(&g.terms_hash),
		derivatives: format!("{:?}", g.derivatives),
		on_revoke: format!("{:?}", g.on_revoke),
		data_subject: g.data_subject.as_ref().map(hex),
		controller: g.controller.as_ref().map(account_string),
		legal_basis: g.legal_basis,
		jurisdiction: g.jurisdiction,
		notice_version: g.notice_version.as_ref().map(hex),
		dataset_disputed: g.dataset_disputed,
	}
}

/// An evaluation as the export builders take it.
pub fn export_evaluation<AccountId: Serialize>(e: Evaluation<AccountId>) -> export::Evaluation {
	export::Evaluation {
		index: e.index,
		evaluator: account_string(&e.evaluator),
		dataset: e.dataset,
		metric: e.metric,
		value: e.value,
		evidence_hash: hex(&e.evidence_hash),
		at: e.at,
		accredited: e.accredited,
	}
}

/// A model's revoked basis grants as the export builders take them.
pub fn export_tainted(status: ConsentStatus) -> Vec<export::TaintedGrant> {
	status
		.tainted
		.into_iter()
		.map(|t| export::TaintedGrant {
			grant: t.grant,
			revoked_at: t.revoked_at,
			effect: format!("{:?}", t.effect),
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

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
	fn graph_queries_are_refused_below_lineage_api_3() {
		let at = "0xabc";
		for old in [None, Some(0), Some(1), Some(2)] {
			let e = graph_api_supported(old, &at).expect_err("an old LineageApi is refused");
			let version = old.unwrap_or_default();
			assert_eq!(e.code(), error::API_UNAVAILABLE, "{}", e.message());
			assert!(
				e.message().contains(&format!("LineageApi version 3 (it has version {version}")),
				"{}",
				e.message()
			);
		}
		for new in [Some(GRAPH_API_VERSION), Some(GRAPH_API_VERSION + 1)] {
			assert!(graph_api_supported(new, &at).is_ok(), "{new:?}");
		}
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
}
