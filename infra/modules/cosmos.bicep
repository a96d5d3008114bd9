// Cosmos DB, serverless, keys disabled: both hosts sign in with the managed identity. Containers: events (one
// document per commit), keys (per-stream keys, deleted on erasure), views (projections for checks, the events feed),
// all partitioned by /stream; leases (who reads the change feed, and its saved continuation) by /id.
// A data-plane role cannot create containers, so they are all made here.
param name string
param location string
param principalId string
param database string = 'consenthub'

var dataContributor = '00000000-0000-0000-0000-000000000002'   // Cosmos DB Built-in Data Contributor
var containers = [
  { name: 'events', key: '/stream' }
  { name: 'keys', key: '/stream' }
  { name: 'views', key: '/stream' }
  { name: 'leases', key: '/id' }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: name
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0 }]
    capabilities: [{ name: 'EnableServerless' }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    disableLocalAuth: true
  }
}

resource db 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: database
  properties: { resource: { id: database } }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for c in containers: {
  parent: db
  name: c.name
  properties: {
    resource: {
      id: c.name
      partitionKey: { paths: [c.key], kind: 'Hash' }
    }
  }
}]

resource contributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: account
  name: guid(account.id, principalId, dataContributor)
  properties: {
    principalId: principalId
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributor}'
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
output database string = database
