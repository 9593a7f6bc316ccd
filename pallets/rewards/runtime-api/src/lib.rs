//! Runtime API of `pallet-rewards`: what wallets and auditors ask about royalties: what an
//! account may claim, a model's royalty policy, and a dry run of a payment showing exactly
//! who would be credited what, and why.
//!
//! `breakdown` runs the same function `pay_usage` does (`pallet_rewards::Pallet::split`),
//! so its answer is what a payment in the same block would credit. Every method reads a
//! bounded amount of state: a split visits at most `MaxSplitModels` models and
//! `MaxSplitDatasets` datasets. Called at an older block, each answers as of that block.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;

pub use pallet_rewards::{Credit, CreditReason, RoyaltyPolicy, SplitError};
pub use provenance_primitives::{DatasetId, ModelId};

sp_api::decl_runtime_apis! {
	/// Queries about royalties and rewards.
	#[api_version(1)]
	pub trait RewardsApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// What `who` may claim now.
		fn claimable(who: AccountId) -> Balance;

		/// What every account may claim together: what the pallet account owes above its
		/// existential deposit.
		fn total_claimable() -> Balance;

		/// The policy `model` splits its royalties by (its own, or the default), or `None`
		/// if no model has this id.
		fn royalty_policy(model: ModelId) -> Option<RoyaltyPolicy>;

		/// Who would be credited what, as part of which model's royalty and why, if `amount`
		/// were paid for `model` now: the credits `pay_usage` would make, in its order.
		/// They sum to `amount`.
		fn breakdown(
			model: ModelId,
			amount: Balance,
		) -> Result<Vec<Credit<AccountId, Balance>>, SplitError<Balance>>;
	}
}
