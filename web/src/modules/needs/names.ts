import {
  beneficiaryKindNames,
  needCategories,
  needSourceNames,
  needStateNames,
  orderStateNames,
  wishStateNames,
} from '../../../../contracts/needs.js';
import { useNameOf } from '../../lib/names.js';

/** The needs module's names (states, categories, sources, who a wish is for) in the reader's language. */
export const useNeedName = () =>
  useNameOf(needStateNames, wishStateNames, orderStateNames, needCategories, needSourceNames, beneficiaryKindNames);
