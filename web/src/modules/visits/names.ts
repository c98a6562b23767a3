import { careStateNames } from '../../../../contracts/care.js';
import { careLevelNames, frequencyNames, visitKindNames } from '../../../../contracts/visits.js';
import { useNameOf } from '../../lib/names.js';

/** The visits module's names (frequencies, visit kinds, care levels and states) in the reader's language. */
export const useVisitName = () => useNameOf(frequencyNames, visitKindNames, careLevelNames, careStateNames);
