//! Benchmarks for every call, each at the worst case the bounds allow.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_system::RawOrigin;
use sp_runtime::traits::{One, Saturating};

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

/// An account with enough for `grants` grants and `accesses` logged uses.
fn funded<T: Config>(name: &'static str, grants: u32, accesses: u32) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::GrantDeposit::get().saturating_mul(grants.into()))
		.saturating_add(T::AccessDeposit::get().saturating_mul(accesses.into()));
	T::Currency::set_balance(&who, amount);
	who
}

/// A dataset owned by `owner`, who can then afford `grants` grants on it.
fn dataset<T: Config>(owner: &T::AccountId, grants: u32) -> Result<DatasetId, BenchmarkError> {
	let id = T::Datasets::benchmark_dataset(owner)
		.map_err(|_| BenchmarkError::Stop("registering a dataset failed"))?;
	let extra = T::GrantDeposit::get().saturating_mul(grants.into());
	T::Currency::set_balance(owner, T::Currency::balance(owner).saturating_add(extra));
	Ok(id)
}

fn grant<T: Config>(
	owner: &T::AccountId,
	dataset: DatasetId,
	grantee: &T::AccountId,
	expires_at: Option<BlockNumberFor<T>>,
	max_uses: Option<u32>,
) -> Result<GrantId, BenchmarkError> {
	Pallet::<T>::do_grant_consent(
		owner.clone(),
		dataset,
		Grantee::Account(grantee.clone()),
		all_purposes(),
		expires_at,
		max_uses,
		GrantTerms::with_hash(H256::repeat_byte(1)),
	)
	.map_err(|_| BenchmarkError::Stop("granting consent failed"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `p` expired grants in the (dataset, grantee) list, all read and pruned.
	#[benchmark]
	fn grant_consent(p: Linear<0, { T::MaxLiveGrants::get() }>) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0, 0);
		let id = dataset::<T>(&owner, p.saturating_add(1))?;
		let grantee: T::AccountId = account("grantee", 0, 0);
		let now = frame_system::Pallet::<T>::block_number();
		let expiry = now.saturating_add(One::one());
		for _ in 0..p {
			grant::<T>(&owner, id, &grantee, Some(expiry), None)?;
		}
		frame_system::Pallet::<T>::set_block_number(expiry);
		let expires_at = Some(expiry.saturating_add(One::one()));
		let new = NextGrantId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			id,
			Grantee::Account(grantee.clone()),
			all_purposes(),
			expires_at,
			Some(1),
			// Every optional field set: the largest record.
			GrantTerms {
				terms_hash: H256::repeat_byte(2),
				derivatives: provenance_primitives::DerivativeScope::Anyone,
				on_revoke: RevocationEffect::NoNewTraining,
				data_subject: Some(H256::repeat_byte(3)),
				controller: Some(owner.clone()),
				legal_basis: LegalBasis::Contract,
				jurisdiction: Some(CountryCode(*b"FR")),
				notice_version: Some(H256::repeat_byte(4)),
			},
		);

		let expected: LiveListOf<T> = BoundedVec::truncate_from(alloc::vec![new]);
		assert_eq!(LiveGrants::<T>::get(id, Grantee::Account(grantee.clone())), expected);
		assert_last_event::<T>(Event::ConsentGranted {
			grant: new,
			dataset: id,
			grantee: Grantee::Account(grantee),
			grantor: owner,
			purposes: all_purposes(),
			expires_at,
			max_uses: Some(1),
		});
		Ok(())
	}

	/// The revoked grant is the last of a full live list.
	#[benchmark]
	fn revoke_consent() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0, 0);
		let max = T::MaxLiveGrants::get();
		let id = dataset::<T>(&owner, max)?;
		let grantee: T::AccountId = account("grantee", 0, 0);
		let mut last = None;
		for _ in 0..max {
			last = Some(grant::<T>(&owner, id, &grantee, None, None)?);
		}
		let last = last.ok_or(BenchmarkError::Stop("MaxLiveGrants is 0"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), last);

		assert!(Grants::<T>::get(last).is_some_and(|g| g.revoked_at.is_some()));
		assert_last_event::<T>(Event::ConsentRevoked {
			grant: last,
			dataset: id,
			by: owner,
			tainted_models: T::Dependents::tainted_models(last),
			tainted_datasets: T::Dependents::tainted_datasets(last),
			effect: RevocationEffect::StopUse,
		});
		Ok(())
	}

	#[benchmark]
	fn record_access() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0, 0);
		let id = dataset::<T>(&owner, 1)?;
		let grantee = funded::<T>("grantee", 0, 1);
		let expires_at = frame_system::Pallet::<T>::block_number().saturating_add(1_000u32.into());
		let grant_id = grant::<T>(&owner, id, &grantee, Some(expires_at), Some(2))?;
		let job_hash = H256::repeat_byte(3);

		#[extrinsic_call]
		_(RawOrigin::Signed(grantee.clone()), grant_id, Purpose::Research, job_hash);

		assert!(AccessLog::<T>::contains_key(grant_id, 0));
		assert_last_event::<T>(Event::AccessRecorded {
			grant: grant_id,
			dataset: id,
			accessor: grantee,
			purpose: Purpose::Research,
			job_hash,
			index: 0,
		});
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
