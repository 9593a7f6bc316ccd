//! The node's JSON-RPC methods for auditors: `datasets_*`, `consent_*`, `lineage_*` and
//! `rewards_*`.
//!
//! Each method runs a runtime API call at the block an optional `at` hash names (the best
//! block when omitted), so an auditor can ask what the chain said at any block this node
//! still has state for. Answers are JSON with camelCase fields: accounts in SS58, hashes as
//! 0x-hex, balances as decimal strings (they exceed JavaScript's safe integers).
//!
//! Errors are JSON-RPC errors with the codes in [`error`] and a message naming the id,
//! block or cap at fault.
//!
//! Every method is `blocking`: a runtime call, and an export of hundreds of them, must not
//! hold the async workers that serve networking and block import. And every runtime call a
//! method makes takes a permit from [`gate`] first, so that no more of them run at once than
//! the node has Wasm instances.

pub mod consent;
pub mod datasets;
pub mod error;
pub mod gate;
pub mod lineage;
pub mod rewards;

pub use consent::{Consent, ConsentApiServer};
pub use datasets::{Datasets, DatasetsApiServer};
pub use lineage::{Lineage, LineageApiServer};
pub use pallet_consent_runtime_api::ConsentApi as ConsentRuntimeApi;
pub use pallet_datasets_runtime_api::DatasetsApi as DatasetsRuntimeApi;
pub use pallet_lineage_runtime_api::LineageApi as LineageRuntimeApi;
pub use pallet_rewards_runtime_api::RewardsApi as RewardsRuntimeApi;
pub use rewards::{Rewards, RewardsApiServer};

use jsonrpsee::core::RpcResult;
use sp_api::{ApiError, ApiExt, ProvideRuntimeApi, RuntimeApiInfo};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

/// Page size used when a request leaves `limit` out.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The block a query runs at: `at` if this node knows it, else the best block.
pub(crate) fn resolve_at<Block: BlockT, C: HeaderBackend<Block>>(
	client: &C,
	at: Option<Block::Hash>,
) -> RpcResult<Block::Hash> {
	let Some(hash) = at else { return Ok(client.info().best_hash) };
	match client.header(hash) {
		Ok(Some(_)) => Ok(hash),
		Ok(None) => Err(error::unknown_block(&hash)),
		Err(e) => Err(error::runtime(&hash, e)),
	}
}

/// Runs `f` against the runtime API at the block `at` resolves to, once the runtime there is
/// known to provide `Api` (named `name` in the error if it does not).
pub(crate) fn call_at<Block, C, Api, R>(
	client: &C,
	at: Option<Block::Hash>,
	name: &str,
	f: impl FnOnce(&C::Api, Block::Hash) -> Result<R, ApiError>,
) -> RpcResult<R>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	Api: RuntimeApiInfo + ?Sized,
{
	let at = resolve_at(client, at)?;
	let _permit = gate::permit()?;
	let api = client.runtime_api();
	if !api.has_api::<Api>(at).map_err(|e| error::runtime(&at, e))? {
		return Err(error::api_unavailable(name, &at));
	}
	f(&api, at).map_err(|e| error::runtime(&at, e))
}

/// A page of a paginated answer. Pass `next` as `startAfter` to get the following page.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T, Cursor> {
	pub items: Vec<T>,
	pub next: Option<Cursor>,
}

impl<T, Cursor> Page<T, Cursor> {
	pub(crate) fn map<U, C2>(
		page: provenance_primitives::Page<U, C2>,
		f: impl FnMut(U) -> T,
		cursor: impl FnOnce(C2) -> Cursor,
	) -> Self {
		Self { items: page.items.into_iter().map(f).collect(), next: page.next.map(cursor) }
	}
}

/// Bytes the chain stores as text (URIs, licence ids): UTF-8 shown as is, anything else
/// replaced rather than refused, since the chain does not require UTF-8.
pub fn text(bytes: Vec<u8>) -> String {
	String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Governance's dispute over a dataset or model registration, as RPC answers show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dispute<AccountId> {
	/// Still undecided.
	pub open: bool,
	pub evidence_hash: sp_core::H256,
	pub opened_at: u64,
	pub resolved_at: Option<u64>,
	/// Who governance gave the record to, if it reassigned it.
	pub reassigned_to: Option<AccountId>,
}

impl<AccountId> Dispute<AccountId> {
	pub(crate) fn from_runtime<BlockNumber: Into<u64>>(
		d: provenance_primitives::Dispute<AccountId, BlockNumber>,
	) -> Self {
		Self {
			open: d.resolved_at.is_none(),
			evidence_hash: d.evidence_hash,
			opened_at: d.opened_at.into(),
			resolved_at: d.resolved_at.map(Into::into),
			reassigned_to: d.reassigned_to,
		}
	}
}
