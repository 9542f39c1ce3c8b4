import { define } from '../shared/define.js';
import { MtStockBoard } from '../stock-board/stock-board.js';
import './mt-session.js';

define('mt-stock-board', MtStockBoard);

declare global {
  interface HTMLElementTagNameMap {
    'mt-stock-board': MtStockBoard;
  }
}

export { MtStockBoard };
export type { StockMoveAnswer } from '../stock-board/stock-board.js';
