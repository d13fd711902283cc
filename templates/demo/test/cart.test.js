import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cartTotal } from '../src/cart.js';

test('cartTotal sums price × qty', () => {
  assert.equal(cartTotal([{ price: 250, qty: 2 }, { price: 100, qty: 1 }]), 600);
});
