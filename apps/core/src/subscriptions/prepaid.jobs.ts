import { JOBS } from '../queue/jobs';

/** Job names of the 'prepaid' queue (the jobs catalog's entry, under the name the prepaid code has always used). */
export const PREPAID_JOBS = JOBS.prepaid;
