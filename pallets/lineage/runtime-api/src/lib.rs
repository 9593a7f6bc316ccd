//! Runtime API of `pallet-lineage`: what auditors and the node's `lineage_*` RPC ask about
//! models, where they came from, what came from them, and whether the consent they were
//! trained under still stands.
//!
//! Every method reads a bounded amount of state: graphs stop at [`MAX_GRAPH_DEPTH`] model
//! hops, say in their `frontier` where they stopped, and refuse more than [`MAX_GRAPH_NODES`]
//! nodes; paginated answers take a `limit` of at most
//! [`MAX_PAGE_SIZE`] and return a cursor for the next page. Called at an older block, each
//! answers as of that block.

#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;

pub use pallet_lineage::{
	AnchorInfo, ConsentStatus, DerivativePolicy, EdgeKind, EvaluationInfo, InputRole, LineageEdge,
	LineageGraph, LineageNode, ModelInfo, ModelStatus, RunKind, TaintedGrant, TrainingInput,
	TrainingRunInfo, MAX_GRAPH_DEPTH, MAX_GRAPH_NODES,
};
pub use provenance_primitives::{
	DatasetId, GrantId, ModelId, Page, Purpose, QueryError, RevocationEffect, MAX_PAGE_SIZE,
};
pub use sp_core::H256;

sp_api::decl_runtime_apis! {
	/// Queries about models and their lineage.
	///
	/// Version 2: tainted grants carry their revocation effect; evaluations say whether an
	/// accredited evaluator made them.
	/// Version 3: graphs carry their `frontier`, the models where `max_depth` stopped the
	/// walk, so a deep lineage is never silently cut.
	#[api_version(3)]
	pub trait LineageApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The model with this id, with its training run and consent basis, or `None`.
		fn model(id: ModelId) -> Option<ModelInfo<AccountId, Balance, BlockNumber>>;

		/// What `model` came from: its parents up to `max_depth` (at most
		/// [`MAX_GRAPH_DEPTH`]) model hops, and every reached model's datasets and grants.
		/// The `frontier` lists the reached models whose parents were not followed; ask
		/// again from each of them for the rest. An empty frontier means complete.
		fn ancestors(model: ModelId, max_depth: u32) -> Result<LineageGraph, QueryError>;

		/// What came from `root` (a model, a dataset, or a grant: every model whose consent
		/// basis holds it), following derivations for up to `max_depth` model hops. The
		/// `frontier` lists the reached models whose children were not followed.
		fn descendants(root: LineageNode, max_depth: u32) -> Result<LineageGraph, QueryError>;

		/// Whether any grant in the model's consent basis has been revoked, and when.
		fn consent_status(model: ModelId) -> Result<ConsentStatus<BlockNumber>, QueryError>;

		/// The models whose consent basis holds `grant`, at most `limit` after the model
		/// `start_after`, in storage order; pass `next` back to continue.
		fn impact(
			grant: GrantId,
			start_after: Option<ModelId>,
			limit: u32,
		) -> Result<Page<ModelId, ModelId>, QueryError>;

		/// The evaluations of `model` in the order they were recorded, at most `limit` after
		/// index `start_after`; pass `next` back to continue.
		fn evaluations(
			model: ModelId,
			start_after: Option<u32>,
			limit: u32,
		) -> Result<Page<EvaluationInfo<AccountId, Balance, BlockNumber>, u32>, QueryError>;

		/// The decision anchors of `model` in the order they were made, at most `limit` after
		/// index `start_after`; pass `next` back to continue.
		fn anchors(
			model: ModelId,
			start_after: Option<u32>,
			limit: u32,
		) -> Result<Page<AnchorInfo<AccountId, Balance, BlockNumber>, u32>, QueryError>;
	}
}
