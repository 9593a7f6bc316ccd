//! Runtime API of `pallet-datasets`: what auditors and the node's `datasets_*` RPC ask about
//! datasets, their lineage and their attestations.
//!
//! Every method reads a bounded amount of state: paginated answers take a `limit` of at
//! most [`MAX_PAGE_SIZE`] and return a cursor for the next page.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;

pub use pallet_datasets::{
	AttestationInfo, AttestationKind, DatasetInfo, DatasetStatus, DerivationKind,
};
pub use provenance_primitives::{DatasetId, Page, QueryError, Sensitivity, MAX_PAGE_SIZE};
pub use sp_core::H256;

sp_api::decl_runtime_apis! {
	/// Queries about datasets.
	///
	/// Version 2: datasets carry their derivation basis and any dispute.
	#[api_version(2)]
	pub trait DatasetsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The dataset with this id, or `None`.
		fn dataset(id: DatasetId) -> Option<DatasetInfo<AccountId, Balance, BlockNumber>>;

		/// The dataset registered with this manifest hash, or `None`.
		fn dataset_by_content_hash(
			content_hash: H256,
		) -> Option<DatasetInfo<AccountId, Balance, BlockNumber>>;

		/// The datasets derived directly from `id` and how, at most `limit` after the child
		/// `start_after`, in storage order (not id order); pass `next` back to continue.
		fn derivations(
			id: DatasetId,
			start_after: Option<DatasetId>,
			limit: u32,
		) -> Result<Page<(DatasetId, DerivationKind), DatasetId>, QueryError>;

		/// The parents of `id` and how each child was derived, nearest first, up to the root
		/// or `max_depth` (at most [`MAX_PAGE_SIZE`]) of them.
		fn ancestry(
			id: DatasetId,
			max_depth: u32,
		) -> Result<Vec<(DatasetId, DerivationKind)>, QueryError>;

		/// The attestations on `id` in the order they were made, at most `limit` after index
		/// `start_after`; pass `next` back to continue.
		fn attestations(
			id: DatasetId,
			start_after: Option<u32>,
			limit: u32,
		) -> Result<Page<AttestationInfo<AccountId, BlockNumber, Balance>, u32>, QueryError>;

		/// Whether `who` is in the attestor set.
		fn is_attestor(who: AccountId) -> bool;
	}
}
