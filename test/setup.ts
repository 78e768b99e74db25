import { afterAll } from 'vitest'
import { removeTempDirs } from './helpers/tempCore'

// Every test file's temp folders (fixture schools, DB files) go when the file is done.
afterAll(() => removeTempDirs())
