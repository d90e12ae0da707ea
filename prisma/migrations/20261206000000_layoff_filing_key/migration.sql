-- A filing ID is unique only within its enterprise (the workflow is keyed by credit code and filing
-- ID), so two enterprises' filings under the same ID are two rows. Existing rows are unique by
-- filing ID alone, hence by the pair too: the key changes in place and no row is lost.
-- AlterTable
ALTER TABLE "layoff_filing" DROP CONSTRAINT "layoff_filing_pkey",
ADD CONSTRAINT "layoff_filing_pkey" PRIMARY KEY ("credit_code", "filing_id");
