export { cartTotal } from './cart.js';
