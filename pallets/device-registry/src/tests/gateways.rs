//! Gateways (bounded, with deposits) and deposits the owner cannot pay.

use super::*;

#[test]
fn gateways_are_bounded_and_hold_deposits() {
	run_test(|| {
		assert_ok!(Registry::add_gateway(RuntimeOrigin::signed(ALICE), 20));
		assert_eq!(last_event(), Event::<Test>::GatewayAdded { owner: ALICE, gateway: 20 }.into());
		assert!(Registry::is_gateway(&ALICE, &20));
		assert!(!Registry::is_gateway(&BOB, &20));
		assert_eq!(held(ALICE, HoldReason::GatewayDeposit), GATEWAY_DEPOSIT);
		assert_noop!(
			Registry::add_gateway(RuntimeOrigin::signed(ALICE), 20),
			Error::<Test>::GatewayExists
		);
		assert_ok!(Registry::add_gateway(RuntimeOrigin::signed(ALICE), 21));
		assert_noop!(
			Registry::add_gateway(RuntimeOrigin::signed(ALICE), 22),
			Error::<Test>::TooManyGateways
		);
		assert_noop!(
			Registry::add_gateway(RuntimeOrigin::signed(PAUPER), 22),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Registry::remove_gateway(RuntimeOrigin::signed(ALICE), 20));
		assert_eq!(
			last_event(),
			Event::<Test>::GatewayRemoved { owner: ALICE, gateway: 20 }.into()
		);
		assert!(!Registry::is_gateway(&ALICE, &20));
		assert_eq!(held(ALICE, HoldReason::GatewayDeposit), GATEWAY_DEPOSIT);
		assert_noop!(
			Registry::remove_gateway(RuntimeOrigin::signed(ALICE), 20),
			Error::<Test>::UnknownGateway
		);
		assert_ok!(Registry::remove_gateway(RuntimeOrigin::signed(ALICE), 21));
		assert_eq!(Gateways::<Test>::get(ALICE).len(), 0);
		assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE);
	});
}

#[test]
fn insufficient_balance_for_a_device_deposit_is_reported() {
	run_test(|| {
		let device = TestDevice::ed25519(140);
		assert_eq!(
			register_with(PAUPER, registration(&device, PAUPER)),
			Err(Error::<Test>::InsufficientBalance.into())
		);
		// The underlying token error is not leaked.
		assert_ne!(
			register_with(PAUPER, registration(&device, PAUPER)),
			Err(DispatchError::Token(TokenError::FundsUnavailable))
		);
	});
}
