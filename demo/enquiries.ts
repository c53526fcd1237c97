import type { DayProfile } from './profile.ts';
import { WeightedChoice } from './random.ts';
import { SERVICES, type ServiceProfile } from './services.ts';

/**
 * What callers and writers ask about on a day: mostly general questions and the big
 * services; seasonal demand (the passport rush) shows here too, but damped.
 */
export function enquiryTopics(profile: DayProfile): WeightedChoice<ServiceProfile> {
  return new WeightedChoice(
    SERVICES.map(
      (p, i) => [p, p.enquiryWeight * Math.sqrt(profile.serviceFactors[i] as number)] as const,
    ),
  );
}
