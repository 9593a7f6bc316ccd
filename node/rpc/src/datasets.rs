//! `datasets_*`: datasets, their derivations and attestations, at any block.

use std::{marker::PhantomData, sync::Arc};

use codec::Codec;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_datasets_runtime_api::{
	AttestationInfo, AttestationKind, DatasetInfo, DatasetStatus,
	DatasetsApi as DatasetsRuntimeApi, DerivationKind,
};
use provenance_primitives::{DatasetId, GrantId, Sensitivity, MAX_PAGE_SIZE};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use sp_runtime::traits::Block as BlockT;

use crate::{call_at, error, text, Page, DEFAULT_PAGE_SIZE};

/// A dataset as `datasets_*` return it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dataset<AccountId> {
	pub id: DatasetId,
	pub owner: AccountId,
	pub content_hash: H256,
	pub metadata_hash: H256,
	pub uri: String,
	/// SPDX licence id or expression.
	pub license: String,
	pub sensitivity: Sensitivity,
	pub parent: Option<Derivation>,
	pub contributors: Vec<Contributor<AccountId>>,
	pub delegate: Option<AccountId>,
	pub pending_owner: Option<AccountId>,
	/// `Active` or `Retired`.
	pub status: String,
	/// The block the dataset was registered in.
	pub created_at: u64,
	/// Held from the owner, in the chain's smallest unit.
	pub deposit: String,
	/// The grants it (or an ancestor) was derived under by someone who did not manage the
	/// parent: revoking any taints it and every model trained on it. Ascending.
	pub derivation_basis: Vec<GrantId>,
	/// Governance's dispute over the registration, open or resolved; `null` if none.
	pub dispute: Option<crate::Dispute<AccountId>>,
}

/// A derivation edge: `dataset` was derived as `kind` (from the parent, or into the child).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Derivation {
	pub dataset: DatasetId,
	/// `NewVersion`, `Subset`, `Deidentified`, `Augmented` or `Merged`.
	pub kind: String,
}

/// A contributor and their share, in parts per billion of the whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contributor<AccountId> {
	pub account: AccountId,
	pub parts_per_billion: u32,
}

/// An attestation by a member of the attestor set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attestation<AccountId> {
	pub index: u32,
	pub attestor: AccountId,
	/// `QualityAudit`, `Deidentified`, `LicenseVerified`, or the custom kind's text.
	pub kind: String,
	pub custom: bool,
	pub evidence_hash: H256,
	pub at: u64,
	pub deposit: String,
}

fn derivation_kind(kind: DerivationKind) -> String {
	format!("{kind:?}")
}

pub fn dataset<AccountId, Balance: ToString, BlockNumber: Into<u64>>(
	info: DatasetInfo<AccountId, Balance, BlockNumber>,
) -> Dataset<AccountId> {
	Dataset {
		id: info.id,
		owner: info.owner,
		content_hash: info.content_hash,
		metadata_hash: info.metadata_hash,
		uri: text(info.uri),
		license: text(info.license),
		sensitivity: info.sensitivity,
		parent: info
			.parent
			.map(|(dataset, kind)| Derivation { dataset, kind: derivation_kind(kind) }),
		contributors: info
			.contributors
			.into_iter()
			.map(|(account, share)| Contributor { account, parts_per_billion: share.deconstruct() })
			.collect(),
		delegate: info.delegate,
		pending_owner: info.pending_owner,
		derivation_basis: info.derivation_basis,
		dispute: info.dispute.map(crate::Dispute::from_runtime),
		status: match info.status {
			DatasetStatus::Active => "Active".into(),
			DatasetStatus::Retired => "Retired".into(),
		},
		created_at: info.created_at.into(),
		deposit: info.deposit.to_string(),
	}
}

pub fn attestation<AccountId, Balance: ToString, BlockNumber: Into<u64>>(
	info: AttestationInfo<AccountId, BlockNumber, Balance>,
) -> Attestation<AccountId> {
	let (kind, custom) = match info.kind {
		AttestationKind::Custom(name) => (text(name), true),
		other => (format!("{other:?}"), false),
	};
	Attestation {
		index: info.index,
		attestor: info.attestor,
		kind,
		custom,
		evidence_hash: info.evidence_hash,
		at: info.at.into(),
		deposit: info.deposit.to_string(),
	}
}

#[rpc(client, server)]
pub trait DatasetsApi<BlockHash, AccountId> {
	/// The dataset with this id.
	#[method(name = "datasets_getDataset", blocking)]
	fn dataset(&self, id: DatasetId, at: Option<BlockHash>) -> RpcResult<Dataset<AccountId>>;

	/// The dataset whose manifest hash is `content_hash`.
	#[method(name = "datasets_getByContentHash", blocking)]
	fn dataset_by_content_hash(
		&self,
		content_hash: H256,
		at: Option<BlockHash>,
	) -> RpcResult<Dataset<AccountId>>;

	/// Datasets derived directly from `id` (new versions, subsets, ...), in storage order;
	/// pass the last page's `next` as `start_after` for the following page.
	#[method(name = "datasets_derivations", blocking)]
	fn derivations(
		&self,
		id: DatasetId,
		start_after: Option<DatasetId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Derivation, DatasetId>>;

	/// The chain of parents from `id` up to its root, nearest first, at most `max_depth` long.
	#[method(name = "datasets_ancestry", blocking)]
	fn ancestry(
		&self,
		id: DatasetId,
		max_depth: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<Derivation>>;

	/// Attestations on `id`, in the order they were made.
	#[method(name = "datasets_attestations", blocking)]
	fn attestations(
		&self,
		id: DatasetId,
		start_after: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Attestation<AccountId>, u32>>;

	/// Whether `who` is in the attestor set.
	#[method(name = "datasets_isAttestor", blocking)]
	fn is_attestor(&self, who: AccountId, at: Option<BlockHash>) -> RpcResult<bool>;
}

/// Serves `datasets_*` from a client's runtime API.
///
/// The type parameters after `Block` are the runtime's, as its runtime API names them.
pub struct Datasets<C, Block, AccountId, Balance, BlockNumber> {
	client: Arc<C>,
	_marker: PhantomData<fn() -> (Block, AccountId, Balance, BlockNumber)>,
}

impl<C, Block, AccountId, Balance, BlockNumber>
	Datasets<C, Block, AccountId, Balance, BlockNumber>
{
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

impl<C, Block, AccountId, Balance, BlockNumber> Datasets<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DatasetsRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec,
	Balance: Codec,
	BlockNumber: Codec,
{
	/// Runs `f` against the runtime API at the resolved block, after checking the runtime
	/// there has the API.
	fn call<R>(
		&self,
		at: Option<Block::Hash>,
		f: impl FnOnce(&C::Api, Block::Hash) -> Result<R, sp_api::ApiError>,
	) -> RpcResult<R> {
		call_at::<Block, C, dyn DatasetsRuntimeApi<Block, AccountId, Balance, BlockNumber>, R>(
			&*self.client,
			at,
			"DatasetsApi",
			f,
		)
	}
}

impl<C, Block, AccountId, Balance, BlockNumber> DatasetsApiServer<Block::Hash, AccountId>
	for Datasets<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DatasetsRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec + Clone + Serialize + for<'de> Deserialize<'de> + Send + Sync + 'static,
	Balance: Codec + ToString + Send + Sync + 'static,
	BlockNumber: Codec + Into<u64> + Send + Sync + 'static,
{
	fn dataset(&self, id: DatasetId, at: Option<Block::Hash>) -> RpcResult<Dataset<AccountId>> {
		self.call(at, |api, at| api.dataset(at, id))?
			.map(dataset)
			.ok_or_else(|| error::not_found("dataset", id))
	}

	fn dataset_by_content_hash(
		&self,
		content_hash: H256,
		at: Option<Block::Hash>,
	) -> RpcResult<Dataset<AccountId>> {
		self.call(at, |api, at| api.dataset_by_content_hash(at, content_hash))?
			.map(dataset)
			.ok_or_else(|| error::not_found("content hash", format!("{content_hash:?}")))
	}

	fn derivations(
		&self,
		id: DatasetId,
		start_after: Option<DatasetId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<Derivation, DatasetId>> {
		let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
		let page = self
			.call(at, |api, at| api.derivations(at, id, start_after, limit))?
			.map_err(error::query)?;
		Ok(Page::map(
			page,
			|(dataset, kind)| Derivation { dataset, kind: derivation_kind(kind) },
			|c| c,
		))
	}

	fn ancestry(
		&self,
		id: DatasetId,
		max_depth: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<Derivation>> {
		let max_depth = max_depth.unwrap_or(MAX_PAGE_SIZE);
		let chain =
			self.call(at, |api, at| api.ancestry(at, id, max_depth))?.map_err(error::query)?;
		Ok(chain
			.into_iter()
			.map(|(dataset, kind)| Derivation { dataset, kind: derivation_kind(kind) })
			.collect())
	}

	fn attestations(
		&self,
		id: DatasetId,
		start_after: Option<u32>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<Attestation<AccountId>, u32>> {
		let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
		let page = self
			.call(at, |api, at| api.attestations(at, id, start_after, limit))?
			.map_err(error::query)?;
		Ok(Page::map(page, attestation, |c| c))
	}

	fn is_attestor(&self, who: AccountId, at: Option<Block::Hash>) -> RpcResult<bool> {
		self.call(at, |api, at| api.is_attestor(at, who))
	}
}
