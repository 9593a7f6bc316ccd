//! The records this pallet stores, and the plain views the runtime API returns.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_system::pallet_prelude::BlockNumberFor;
use provenance_primitives::{DatasetId, GrantId, Purpose, Purposes};
use scale_info::TypeInfo;
use sp_core::H256;

use crate::BalanceOf;

/// Who a grant lets use a dataset.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
)]
pub enum Grantee<AccountId> {
	/// One named account.
	Account(AccountId),
	/// Any account. Not allowed on special-category (health, biometric) datasets.
	Anyone,
}

impl<AccountId: PartialEq> Grantee<AccountId> {
	/// Whether the grantee includes `who`.
	pub fn covers(&self, who: &AccountId) -> bool {
		match self {
			Self::Account(account) => account == who,
			Self::Anyone => true,
		}
	}
}

/// Why a grant cannot be used right now, in the order the checks are made.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unusable {
	Revoked,
	Expired,
	PurposeNotCovered,
	UsesExhausted,
}

/// A consent grant. Kept forever, revoked or not: it is the record of what was agreed.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Grant<AccountId, BlockNumber, Balance> {
	pub dataset: DatasetId,
	pub grantee: Grantee<AccountId>,
	/// What the dataset may be used for under this grant. Never empty.
	pub purposes: Purposes,
	/// The first block at which the grant is no longer live: it is usable while
	/// `now < expires_at`. `None`: it does not expire.
	pub expires_at: Option<BlockNumber>,
	/// How many uses it allows. `None`: as many as a `u32` counts.
	pub max_uses: Option<u32>,
	/// How many uses have been logged.
	pub uses: u32,
	/// Hash of the consent record (terms and receipt) the data subject agreed to.
	pub terms_hash: H256,
	/// Who granted it: the dataset's owner or delegate at the time.
	pub grantor: AccountId,
	pub granted_at: BlockNumber,
	pub revoked_at: Option<BlockNumber>,
	/// Held from the grantor for this record.
	pub deposit: Balance,
}

impl<AccountId, BlockNumber: PartialOrd, Balance> Grant<AccountId, BlockNumber, Balance> {
	/// Whether the grant has expired at `now`: `expires_at` is the first block it is not live.
	pub fn is_expired(&self, now: &BlockNumber) -> bool {
		self.expires_at.as_ref().is_some_and(|expires_at| now >= expires_at)
	}

	/// Whether every allowed use has been logged. Without `max_uses` the limit is `u32::MAX`,
	/// the most the counter holds.
	pub fn is_exhausted(&self) -> bool {
		self.uses >= self.max_uses.unwrap_or(u32::MAX)
	}

	/// Whether the grant can be used at `now` for `purpose`; the error names the first reason
	/// it cannot. This is the one liveness rule: calls, the `ConsentInspect` implementation
	/// and the runtime API all go through it (or [`Self::is_live_at`]).
	pub fn usable_for(&self, purpose: Purpose, now: &BlockNumber) -> Result<(), Unusable> {
		if self.revoked_at.is_some() {
			return Err(Unusable::Revoked);
		}
		if self.is_expired(now) {
			return Err(Unusable::Expired);
		}
		if !self.purposes.contains(&purpose) {
			return Err(Unusable::PurposeNotCovered);
		}
		if self.is_exhausted() {
			return Err(Unusable::UsesExhausted);
		}
		Ok(())
	}

	/// Whether the grant is usable at `now` for `purpose`.
	pub fn is_live_for(&self, purpose: Purpose, now: &BlockNumber) -> bool {
		self.usable_for(purpose, now).is_ok()
	}

	/// Whether the grant is usable at `now` for some purpose: not revoked, not expired, uses
	/// left. Grants that are not stay out of the live index.
	pub fn is_live_at(&self, now: &BlockNumber) -> bool {
		self.revoked_at.is_none() && !self.is_expired(now) && !self.is_exhausted()
	}
}

/// The grant record of a runtime.
pub type GrantOf<T> =
	Grant<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BalanceOf<T>>;

/// The grantee of a runtime.
pub type GranteeOf<T> = Grantee<<T as frame_system::Config>::AccountId>;

/// One logged use of a grant.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AccessRecord<AccountId, BlockNumber, Balance> {
	pub accessor: AccountId,
	pub purpose: Purpose,
	/// Identifies the job (e.g. a training run) the data was used for.
	pub job_hash: H256,
	/// The block it was logged in.
	pub at: BlockNumber,
	/// Held from the accessor for this record: `AccessDeposit` when logged by
	/// `record_access`, 0 when logged through `ConsentInspect::consume` (whose caller
	/// charges for it).
	pub deposit: Balance,
}

/// The access record of a runtime.
pub type AccessRecordOf<T> =
	AccessRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BalanceOf<T>>;

/// A grant id as the second key of the grant indexes: big-endian bytes under the `Identity`
/// hasher, so that iterating a prefix yields grants in ascending id order.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug,
)]
pub struct GrantKey(pub [u8; 8]);

impl From<GrantId> for GrantKey {
	fn from(id: GrantId) -> Self {
		Self(id.to_be_bytes())
	}
}

impl GrantKey {
	/// The grant id this key stands for.
	pub fn id(self) -> GrantId {
		GrantId::from_be_bytes(self.0)
	}
}

/// A grant as the runtime API returns it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct GrantInfo<AccountId, BlockNumber, Balance> {
	pub id: GrantId,
	pub dataset: DatasetId,
	pub grantee: Grantee<AccountId>,
	/// In ascending order.
	pub purposes: Vec<Purpose>,
	/// The first block at which the grant is no longer live.
	pub expires_at: Option<BlockNumber>,
	pub max_uses: Option<u32>,
	pub uses: u32,
	pub terms_hash: H256,
	pub grantor: AccountId,
	pub granted_at: BlockNumber,
	pub revoked_at: Option<BlockNumber>,
	pub deposit: Balance,
	/// Not revoked, not expired and uses left, at the queried block.
	pub live: bool,
}
