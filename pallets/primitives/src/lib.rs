//! What the Provenance Chain pallets share: identifiers, the purposes consent is given for,
//! and the traits through which one pallet asks another about datasets and consent.
//!
//! Keeping these here lets `pallet-consent` depend on an interface rather than on
//! `pallet-datasets`, and lets the lineage and rewards pallets check consent the same way.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};
use sp_runtime::{BoundedBTreeSet, DispatchResult};

/// Datasets are numbered from 0 in registration order.
pub type DatasetId = u64;
/// Consent grants are numbered from 0 in grant order.
pub type GrantId = u64;
/// Models (in `pallet-lineage`) are numbered from 0 in registration order.
pub type ModelId = u64;

/// What a dataset may be used for. A grant names a set of these.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum Purpose {
	Training,
	FineTuning,
	Evaluation,
	Inference,
	Commercial,
	Research,
}

impl Purpose {
	/// Every purpose, in declaration order.
	pub const ALL: [Purpose; 6] = [
		Purpose::Training,
		Purpose::FineTuning,
		Purpose::Evaluation,
		Purpose::Inference,
		Purpose::Commercial,
		Purpose::Research,
	];
}

/// How many distinct purposes exist, and so the most a grant can name.
pub const PURPOSE_COUNT: u32 = 6;

/// A set of purposes. Decoding deduplicates, so a set never holds a purpose twice.
pub type Purposes = BoundedBTreeSet<Purpose, ConstU32<PURPOSE_COUNT>>;

/// How sensitive a dataset's content is, in GDPR's terms.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum Sensitivity {
	/// No personal data.
	Public,
	/// Personal data (GDPR art. 4).
	Personal,
	/// Special categories such as health or biometric data (GDPR art. 9).
	SpecialCategory,
}

/// What the consent pallet needs to know about a dataset to decide who may grant on it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DatasetAccess<AccountId> {
	pub owner: AccountId,
	/// May grant and revoke consent on the owner's behalf.
	pub delegate: Option<AccountId>,
	pub sensitivity: Sensitivity,
	/// False once retired: a retired dataset takes no new grants.
	pub active: bool,
}

impl<AccountId: PartialEq> DatasetAccess<AccountId> {
	/// The owner or the current delegate.
	pub fn may_manage_consent(&self, who: &AccountId) -> bool {
		&self.owner == who || self.delegate.as_ref() == Some(who)
	}
}

/// Read access to datasets, implemented by `pallet-datasets`.
pub trait DatasetInspect<AccountId> {
	/// The dataset's owner, delegate, sensitivity and status, or `None` if it does not exist.
	fn dataset_access(id: DatasetId) -> Option<DatasetAccess<AccountId>>;

	/// Registers a dataset owned by `owner` for another pallet's benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_dataset(owner: &AccountId) -> Result<DatasetId, sp_runtime::DispatchError>;
}

/// Consent checks for pallets that use datasets, implemented by `pallet-consent`.
///
/// Every method does a bounded amount of work, so it may be called from a dispatchable.
pub trait ConsentInspect<AccountId, BlockNumber> {
	/// The grant that lets `who` use `dataset` for `purpose` at the current block, if any:
	/// not revoked, not expired, uses left. Grants on a retired dataset stay usable; retiring
	/// only stops new grants.
	fn live_grant(dataset: DatasetId, who: &AccountId, purpose: Purpose) -> Option<GrantId>;

	/// Checks that `grant` covers `(dataset, who, purpose)` now, and records one use of it
	/// with `job_hash` in its access log. The error says why it is not live.
	fn consume(
		grant: GrantId,
		dataset: DatasetId,
		who: &AccountId,
		purpose: Purpose,
		job_hash: H256,
	) -> DispatchResult;

	/// The block at which `grant` was revoked, if it was.
	fn revoked_at(grant: GrantId) -> Option<BlockNumber>;

	/// The purposes `grant` covers, or `None` if it does not exist.
	fn purposes(grant: GrantId) -> Option<Purposes>;

	/// Registers a dataset and a grant on it to `grantee` for every purpose, for another
	/// pallet's benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(
		owner: &AccountId,
		grantee: &AccountId,
	) -> Result<(DatasetId, GrantId), sp_runtime::DispatchError>;
}

/// Whether `license` looks like an SPDX licence id or expression: non-empty, and only
/// letters, digits, `.+-:`, spaces and parentheses. One rule for datasets and models.
pub fn is_valid_license(license: &[u8]) -> bool {
	!license.is_empty()
		&& license.iter().all(|c| {
			c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'-' | b' ' | b'(' | b')' | b':')
		})
}

/// The most items one paginated query returns. Asking for more is an error that names it.
pub const MAX_PAGE_SIZE: u32 = 100;

/// One page of a paginated query. Pass `next` back as the cursor to get the following page.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Page<Item, Cursor> {
	pub items: alloc::vec::Vec<Item>,
	/// The cursor for the next page, or `None` on the last page.
	pub next: Option<Cursor>,
}

/// Why a runtime API query has no answer. The node's RPC turns each into a JSON-RPC error.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum QueryError {
	UnknownDataset(DatasetId),
	UnknownGrant(GrantId),
	/// `requested` is over the cap `max`.
	PageTooLarge {
		requested: u32,
		max: u32,
	},
	/// A depth or size argument is over the cap `max`.
	LimitTooLarge {
		requested: u32,
		max: u32,
	},
	/// No model has this id. Appended last so that the earlier variants keep their indices.
	UnknownModel(ModelId),
}

/// Checks a requested page size against [`MAX_PAGE_SIZE`].
pub fn check_page_size(requested: u32) -> Result<u32, QueryError> {
	if requested > MAX_PAGE_SIZE {
		Err(QueryError::PageTooLarge { requested, max: MAX_PAGE_SIZE })
	} else {
		Ok(requested)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn spdx_like_licences_pass_and_others_do_not() {
		for ok in
			[&b"MIT"[..], b"Apache-2.0", b"GPL-2.0+", b"(MIT OR Apache-2.0)", b"LicenseRef-x:y"]
		{
			assert!(is_valid_license(ok), "{}", String::from_utf8_lossy(ok));
		}
		for bad in [&b""[..], b"MIT;", b"<script>", b"MIT\n", "Lizenz-ä".as_bytes()] {
			assert!(!is_valid_license(bad), "{}", String::from_utf8_lossy(bad));
		}
	}

	#[test]
	fn page_sizes_up_to_the_cap() {
		assert_eq!(check_page_size(MAX_PAGE_SIZE), Ok(MAX_PAGE_SIZE));
		assert_eq!(
			check_page_size(MAX_PAGE_SIZE + 1),
			Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
		);
	}
}
